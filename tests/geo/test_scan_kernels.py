"""The compiled-kernel decorator: cached on disk where numba can, compiled anyway where
it cannot (no writable cache folder), never failing at import."""

from __future__ import annotations

import importlib

import pytest

from passgenau.geo import scan_kernels


def test_a_function_numba_cannot_cache_is_still_compiled() -> None:
    """numba refuses ``cache=True`` for a function without a cache folder (here: one
    without a source file, as when neither the package folder nor a user cache is
    writable); the decorator then compiles it without cache, with the same result."""
    if not scan_kernels.HAVE_NUMBA:
        pytest.skip("numba is not installed: the function stays Python")
    namespace: dict = {}
    exec(compile("def double(x):\n    return 2 * x\n", "<no file>", "exec"), namespace)
    double = scan_kernels.compiled()(namespace["double"])
    assert double(21) == 42
    assert hasattr(double, "py_func")  # a numba dispatcher, not the plain function


@pytest.mark.parametrize("module", ["passgenau.geo.scan_kernels",
                                    "passgenau.geo.transit.csa",
                                    "passgenau.matching.kernels"])
def test_every_kernel_is_cached_on_disk(module: str) -> None:
    """Every numba function of the scans, the read-off and the matching's kernels is
    compiled with ``cache=True`` (a later process loads it instead of compiling)."""
    if not scan_kernels.HAVE_NUMBA:
        pytest.skip("numba is not installed")
    from numba.core.caching import NullCache
    from numba.core.registry import CPUDispatcher

    loaded = importlib.import_module(module)
    kernels = [f for f in vars(loaded).values() if isinstance(f, CPUDispatcher)
               and f.py_func.__module__ == module]
    assert kernels
    for kernel in kernels:
        assert not isinstance(kernel._cache, NullCache), kernel.__name__
