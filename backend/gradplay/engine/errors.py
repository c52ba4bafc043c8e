"""The one error the engine raises for bad input; the API turns it into a 422."""


class InputError(ValueError):
    """A request the engine cannot run; the message says what to change."""
