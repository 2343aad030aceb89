"""Block-scaling schemes: element format, block size, scale (Numerics §2, §3).

A scheme with E8M0 scales follows OCP MX (one power-of-two scale per block,
rule ``floor`` or ``rceil``); a scheme with UE4M3 scales follows NVFP4 (an
E4M3 scale per block plus one f32 global scale per tensor), which the numerics
reference defines for E2M1 elements only.
"""

import dataclasses
import operator

from .formats import ELEMENT_FORMATS, get_format

SCALE_FORMATS = ("e8m0", "ue4m3")


@dataclasses.dataclass(frozen=True)
class Scheme:
    """A block-scaling scheme, checked on construction.

    ``Scheme("e2m1", block_size=64, scale="e8m0")`` is MXFP4 with blocks of 64.
    The block size must be positive and a multiple of the element format's
    packing unit, so that a block never splits a storage byte.
    """

    element: str
    block_size: int = 32
    scale: str = "e8m0"

    def __post_init__(self):
        element = get_format(self.element)
        if element.name not in ELEMENT_FORMATS:
            raise ValueError(
                f"{element.name!r} is not an element format; expected one of "
                f"{', '.join(ELEMENT_FORMATS)}")
        if self.scale not in SCALE_FORMATS:
            raise ValueError(
                f"unknown scale format {self.scale!r}; expected one of "
                f"{', '.join(SCALE_FORMATS)}")
        if self.scale == "ue4m3" and element.name != "e2m1":
            raise ValueError(
                f"ue4m3 scales (NVFP4 two-level scaling) are defined for e2m1 "
                f"elements only, not {element.name}")
        if isinstance(self.block_size, bool):
            raise ValueError(f"block_size must be an integer, got {self.block_size!r}")
        try:
            block_size = operator.index(self.block_size)
        except TypeError:
            raise ValueError(
                f"block_size must be an integer, got {self.block_size!r}") from None
        if block_size <= 0 or block_size % element.packing_unit:
            raise ValueError(
                f"block_size must be a positive multiple of {element.packing_unit} "
                f"(the packing unit of {element.name}), got {block_size}")
        object.__setattr__(self, "block_size", block_size)

    @property
    def has_global(self):
        """True for two-level (NVFP4-style) schemes with a per-tensor f32 scale."""
        return self.scale == "ue4m3"

    @property
    def name(self):
        """The scheme's name if it is a named one (block size included), else None."""
        return next((n for n, s in SCHEMES.items() if s == self), None)


#: The named schemes of Numerics §2 and §3.
SCHEMES = {
    "mxfp8_e4m3": Scheme("e4m3"),
    "mxfp8_e5m2": Scheme("e5m2"),
    "mxfp6_e2m3": Scheme("e2m3"),
    "mxfp6_e3m2": Scheme("e3m2"),
    "mxfp4": Scheme("e2m1"),
    "mxint8": Scheme("int8"),
    "nvfp4": Scheme("e2m1", block_size=16, scale="ue4m3"),
}


def resolve_scheme(scheme, block_size=None):
    """A :class:`Scheme` from a name or a Scheme, with an optional block size override."""
    if isinstance(scheme, Scheme):
        resolved = scheme
    elif isinstance(scheme, str) and scheme in SCHEMES:
        resolved = SCHEMES[scheme]
    else:
        raise ValueError(
            f"unknown scheme {scheme!r}; expected a microscale.Scheme or one of "
            f"{', '.join(SCHEMES)}")
    if block_size is not None:
        resolved = dataclasses.replace(resolved, block_size=block_size)
    return resolved
