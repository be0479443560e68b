"""Errors raised by newstrace. The CLI turns each into one line and an exit code.

    NewstraceError
     ├── InputError      a file, URL or line that cannot be read as an article
     ├── StoreError      the database cannot be opened, migrated or written
     ├── ModelError      a language model or data file is missing or broken
     └── NotFound        a story or article id that the database does not hold
"""


class NewstraceError(Exception):
    """Base class of every error newstrace raises on purpose."""


class InputError(NewstraceError):
    def __init__(self, source: str, problem: str):
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class StoreError(NewstraceError):
    pass


class ModelError(NewstraceError):
    pass


class NotFound(NewstraceError):
    pass
