# The hub's version. shipver (or bump2version) writes it; do not edit it by hand.
__version__ = '0.1.0'
