"""carepanel: corporate parenting performance from the SSDA903 return."""

__version__ = "0.1.0"
