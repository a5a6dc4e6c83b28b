from . import public_form
