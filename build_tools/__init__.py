"""Publishing pipeline of the justice handbook library.

Run it as ``python -m build_tools <command>``; ``pipeline.build()`` is the stage order.
"""

__all__ = ["__version__"]
__version__ = "0.1.0"
