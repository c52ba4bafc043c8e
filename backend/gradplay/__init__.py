"""gradplay: a gradient-descent playground backed by real PyTorch."""

__version__ = "0.1.0"
