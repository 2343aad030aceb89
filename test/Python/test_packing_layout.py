"""Storage packing and the swizzled scale layout (Numerics §5)."""

import numpy as np
import pytest

import microscale as ms
import msref
import oracle as O


def pack_by_definition(codes, bits):
    """Numerics §5 read literally: a little-endian bit stream, element j at bit j * bits."""
    rows = codes.reshape(-1, codes.shape[-1])
    out = []
    for row in rows:
        stream = sum(int(c) << (bits * j) for j, c in enumerate(row))
        nbytes = len(row) * bits // 8
        out.append([(stream >> (8 * i)) & 0xFF for i in range(nbytes)])
    return np.array(out, np.uint8).reshape(codes.shape[:-1] + (-1,))


def swizzle_by_definition(s):
    rows, cols = s.shape
    prow, pcol = -(-rows // 128) * 128, -(-cols // 4) * 4
    out = np.zeros(prow * pcol, np.uint8)
    for r in range(rows):
        for c in range(cols):
            off = ((r // 128) * (pcol // 4) + c // 4) * 512 + (r % 32) * 16 + ((r % 128) // 32) * 4 + c % 4
            out[off] = s[r, c]
    return out


SHAPES = [(1, 8), (3, 24), (5, 2, 16), (129, 40), (7, 4)]


@pytest.mark.parametrize("fmt", O.ALL_FORMATS)
@pytest.mark.parametrize("shape", SHAPES)
def test_pack_matches_definition_and_round_trips(fmt, shape):
    rng = np.random.default_rng(len(shape) * 100 + shape[-1])
    codes = rng.integers(0, 1 << O.BITS[fmt], shape).astype(np.uint8)
    packed = ms.pack(codes, fmt)
    assert packed.dtype == np.uint8
    assert np.array_equal(packed, pack_by_definition(codes, O.BITS[fmt]))
    assert np.array_equal(ms.unpack(packed, fmt, shape[-1]), codes)


def test_pack_examples():
    # FP4: element 2i in the low nibble (PyTorch float4_e2m1fn_x2 order).
    assert ms.pack(np.array([0x1, 0x2, 0xF, 0x0], np.uint8), "e2m1").tolist() == [0x21, 0x0F]
    # FP6: element j of 4 at bits [6j, 6j + 6) of a 24-bit little-endian word.
    one_hot = np.eye(4, dtype=np.uint8) * 0x3F
    assert ms.pack(one_hot, "e2m3").tolist() == [
        [0x3F, 0x00, 0x00], [0xC0, 0x0F, 0x00], [0x00, 0xF0, 0x03], [0x00, 0x00, 0xFC]]
    assert ms.pack(np.array([5, 250], np.uint8), "e4m3").tolist() == [5, 250]


def test_pack_returns_new_arrays():
    codes = np.arange(8, dtype=np.uint8)
    packed = ms.pack(codes, "e4m3")
    packed[0] = 99
    assert codes[0] == 0
    assert ms.unpack(packed, "int8", 8) is not packed


@pytest.mark.parametrize("shape", [(1, 1), (5, 3), (32, 4), (128, 4), (130, 7), (300, 9), (0, 4)])
def test_swizzle_matches_definition_and_round_trips(shape):
    s = np.random.default_rng(shape[0]).integers(1, 256, shape).astype(np.uint8)
    sw = ms.swizzle_scales(s)
    expected = swizzle_by_definition(s)
    assert sw.dtype == np.uint8 and np.array_equal(sw, expected)
    assert ms.swizzled_shape(*shape) == (-(-shape[0] // 128) * 128, -(-shape[1] // 4) * 4)
    assert np.array_equal(ms.unswizzle_scales(sw, *shape), s)


def test_swizzle_of_quantized_scales():
    x = np.random.default_rng(3).standard_normal((200, 16 * 7)).astype(np.float32)
    q = msref.quantize(x, "nvfp4")
    sw = ms.swizzle_scales(q.scales)
    assert sw.size == 256 * 8
    assert np.array_equal(ms.unswizzle_scales(sw, 200, 7), q.scales)


class TestAgainstCCore:
    @pytest.mark.parametrize("fmt", O.ALL_FORMATS)
    def test_pack(self, clib, fmt):
        codes = np.random.default_rng(4).integers(0, 1 << O.BITS[fmt], (9, 48)).astype(np.uint8)
        packed = ms.pack(codes, fmt)
        assert np.array_equal(clib.pack(fmt, codes), packed)
        assert np.array_equal(clib.unpack(fmt, packed, 48), codes)

    @pytest.mark.parametrize("shape", [(1, 1), (5, 3), (128, 4), (130, 7), (300, 9)])
    def test_swizzle(self, clib, shape):
        s = np.random.default_rng(shape[1]).integers(1, 256, shape).astype(np.uint8)
        sw = ms.swizzle_scales(s)
        assert np.array_equal(clib.swizzle(s), sw)  # padding zeroed by both
        assert np.array_equal(clib.unswizzle(sw, *shape), s)

    def test_format_facts(self, clib):
        from conftest import FORMAT_ENUM
        for fmt in O.ALL_FORMATS:
            assert clib.lib.msFormatBits(FORMAT_ENUM[fmt]) == O.BITS[fmt]
            unit = {4: 2, 6: 4, 8: 1}[O.BITS[fmt]]
            assert clib.lib.msFormatPackingUnit(FORMAT_ENUM[fmt]) == unit
