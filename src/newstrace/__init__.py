"""newstrace: take retold news stories apart, sentence by sentence."""

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
