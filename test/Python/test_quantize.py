"""Block quantization against the literal Numerics §2-3 reference and the C++ core."""


import ml_dtypes
import numpy as np
import pytest

import microscale as ms
import msref
import oracle as O
import reference as R

F32 = np.float32
MX_SCHEMES = ["mxfp8_e4m3", "mxfp8_e5m2", "mxfp6_e2m3", "mxfp6_e3m2", "mxfp4", "mxint8"]
CUSTOM_SCHEMES = [ms.Scheme("e2m1", block_size=64), ms.Scheme("e2m1", block_size=128),
                  ms.Scheme("e4m3", block_size=16), ms.Scheme("e2m3", block_size=8),
                  ms.Scheme("int8", block_size=256), ms.Scheme("e5m2", block_size=1),
                  ms.Scheme("e2m1", block_size=32, scale="ue4m3")]


def same_f32(a, b):
    """Bitwise equal float32 arrays, any NaN matching any NaN."""
    a, b = np.asarray(a, F32), np.asarray(b, F32)
    nan = np.isnan(a)
    return bool(np.array_equal(nan, np.isnan(b))
                and np.array_equal(a[~nan].view(np.uint32), b[~nan].view(np.uint32)))


def blocky(rows, k, block, seed, specials=True):
    """Random rows whose blocks span magnitudes 2^-140..2^120, with special blocks."""
    rng = np.random.default_rng(seed)
    nb = k // block
    x = rng.standard_normal((rows, nb, block)) * np.exp2(rng.uniform(-140, 120, (rows, nb, 1)))
    x = x.astype(F32)
    if specials and rows * nb >= 12:
        flat = x.reshape(-1, block)
        flat[0] = 0.0                                     # zero block
        flat[1, block // 2] = np.nan                      # NaN block
        flat[2, 0] = -np.inf                              # Inf block
        flat[3] = rng.standard_normal(block) * 2.0 ** -135  # subnormal amax
        flat[4] = rng.uniform(-1, 1, block) * 2.0 ** 127      # near the top of f32
        flat[5, 0] = 4.0                                  # amax exactly a power of two
        flat[5, 1:] = rng.uniform(-4, 4, block - 1)
        flat[6, 0] = np.nextafter(F32(4.0), F32(0))       # just below
        flat[6, 1:] = rng.uniform(-3, 3, block - 1)
        flat[7, 0] = np.nextafter(F32(4.0), F32(8))       # just above
        flat[7, 1:] = rng.uniform(-3, 3, block - 1)
        flat[8] = -np.abs(flat[8])                        # all negative
        flat[9] = rng.standard_normal(block) * 2.0 ** -149  # subnormal elements
        flat[10, 0] = 6.0 * 2.0 ** -127                   # rceil rounds down onto 2^-127
        flat[10, 0] = np.nextafter(flat[10, 0], F32(1))
        flat[10, 1:] = 2.0 ** -130
        flat[11] = -0.0                                   # negative zeros
    return x.reshape(rows, k)


def check_mx(x, scheme, rule):
    element = scheme.element
    q = msref.quantize(x, scheme, scale_rounding=rule)
    codes, scales = R.mx_quantize(x, element, scheme.block_size, rule)
    assert q.data.dtype == np.uint8 and q.scales.dtype == np.uint8
    assert q.global_scale is None and q.shape == x.shape and q.scheme == scheme
    assert np.array_equal(q.scales, scales)
    assert np.array_equal(ms.unpack(q.data, element, x.shape[-1]), codes)
    assert same_f32(msref.dequantize(q), R.mx_dequantize(codes, scales, element, scheme.block_size))
    return q


@pytest.mark.parametrize("rule", ["floor", "rceil"])
@pytest.mark.parametrize("name", MX_SCHEMES)
def test_mx_named_schemes(name, rule):
    x = blocky(24, 256, 32, seed=2 * MX_SCHEMES.index(name) + (rule == "rceil"))
    check_mx(x, ms.SCHEMES[name], rule)


@pytest.mark.parametrize("rule", ["floor", "rceil"])
@pytest.mark.parametrize("scheme", [s for s in CUSTOM_SCHEMES if s.scale == "e8m0"], ids=str)
def test_mx_custom_block_sizes(scheme, rule):
    rows = 16 if scheme.block_size >= 8 else 2  # about a thousand blocks
    x = blocky(rows, 512, scheme.block_size, seed=scheme.block_size)
    check_mx(x, scheme, rule)


def test_block_size_keyword():
    x = blocky(4, 256, 64, seed=5)
    q = msref.quantize(x, "mxfp4", block_size=64, scale_rounding="rceil")
    assert q.scheme == ms.Scheme("e2m1", block_size=64) and q.scales.shape == (4, 4)
    r = msref.quantize(x, ms.Scheme("e2m1", block_size=64), scale_rounding="rceil")
    assert np.array_equal(q.data, r.data) and np.array_equal(q.scales, r.scales)


def test_default_rule_is_floor():
    x = blocky(8, 64, 32, seed=3, specials=False)
    a, b = msref.quantize(x, "mxfp4"), msref.quantize(x, "mxfp4", scale_rounding="floor")
    assert a.scale_rounding == "floor"
    assert np.array_equal(a.data, b.data) and np.array_equal(a.scales, b.scales)


@pytest.mark.parametrize("shape", [(64,), (3, 5, 64), (2, 1, 2, 32)])
def test_any_rank(shape):
    x = np.random.default_rng(1).standard_normal(shape).astype(F32)
    q = msref.quantize(x, "mxfp6_e3m2")
    assert q.data.shape == shape[:-1] + (shape[-1] * 3 // 4,)
    assert q.scales.shape == shape[:-1] + (shape[-1] // 32,)
    flat = msref.quantize(x.reshape(-1, shape[-1]), "mxfp6_e3m2")
    assert np.array_equal(q.data.reshape(flat.data.shape), flat.data)
    assert msref.dequantize(q).shape == shape


@pytest.mark.parametrize("dtype", [np.float16, ml_dtypes.bfloat16, np.float64])
def test_input_dtypes_convert_to_f32_first(dtype):
    x = np.random.default_rng(2).standard_normal((4, 64)).astype(dtype)
    for scheme in ("mxfp4", "nvfp4", "mxint8"):
        a, b = msref.quantize(x, scheme), msref.quantize(x.astype(F32), scheme)
        assert np.array_equal(a.data, b.data) and np.array_equal(a.scales, b.scales)
        assert a.global_scale == b.global_scale
        assert msref.dequantize(a).dtype == np.float32


def test_float64_beyond_f32_is_inf():
    x = np.ones((1, 32))
    x[0, 3] = 1e300
    q = msref.quantize(x, "mxfp8_e4m3")
    assert q.scales.tolist() == [[0xFF]] and not q.data.any()
    assert np.all(np.isnan(msref.dequantize(q)))


@pytest.mark.parametrize("given", [None, 0.25, 3e-3, 1e5])
@pytest.mark.parametrize("specials", [False, True])
def test_nvfp4(given, specials):
    x = blocky(16, 128, 16, seed=7, specials=specials)
    if not specials:
        x = (x / np.max(np.abs(x)) * 1000).astype(F32)  # a realistic global range
    q = msref.quantize(x, "nvfp4", global_scale=given)
    codes, scales, glob = R.nvfp4_quantize(x, given=given)
    assert np.array_equal(q.scales, scales)
    assert np.array_equal(ms.unpack(q.data, "e2m1", 128), codes)
    assert isinstance(q.global_scale, float) and F32(q.global_scale) == glob
    if given is None and specials:
        assert q.global_scale == 1.0  # the tensor holds NaN and Inf
    assert same_f32(msref.dequantize(q), R.nvfp4_dequantize(codes, scales, glob))


def test_nvfp4_custom_block():
    scheme = ms.Scheme("e2m1", block_size=32, scale="ue4m3")
    x = blocky(8, 128, 32, seed=8, specials=False)
    q = msref.quantize(x, scheme)
    codes, scales, glob = R.nvfp4_quantize(x, block=32)
    assert np.array_equal(q.scales, scales) and F32(q.global_scale) == glob
    assert np.array_equal(ms.unpack(q.data, "e2m1", 128), codes)
    assert msref.quantize(x, "nvfp4", block_size=32).scheme == scheme


def test_nvfp4_global_edge_cases():
    zero = np.zeros((2, 32), F32)
    q = msref.quantize(zero, "nvfp4")
    assert q.global_scale == 1.0 and not q.scales.any() and not q.data.any()
    assert same_f32(msref.dequantize(q), zero)
    x = np.full((1, 16), 2688.0, F32)
    q = msref.quantize(x, "nvfp4")
    # g = 1, block scale e4m3(2688 / 6) = 448, elements 2688 / 448 = 6.
    assert q.global_scale == 1.0 and q.scales.tolist() == [[0x7E]]
    assert q.data.tolist() == [[0x77] * 8]
    assert same_f32(msref.dequantize(q), x)
    # The stored global is the decode direction: amax / 2688 as one f32 division.
    x = np.random.default_rng(4).standard_normal((4, 64)).astype(F32)
    amax = F32(np.max(np.abs(x)))
    assert F32(msref.quantize(x, "nvfp4").global_scale) == amax / F32(2688)


def test_worked_examples():
    """Hand-computed cases of Numerics §2 and §3."""
    block = np.zeros(32, F32)
    block[:3] = [6.0, 0.5, -3.0]
    q = msref.quantize(block, "mxfp4")           # amax 6: floor(log2 6) - 2 = 0
    assert q.scales.tolist() == [127] and q.data[:2].tolist() == [0x17, 0x0D]
    block[0] = 7.0                             # floor keeps e = 0: 7 saturates to 6
    assert msref.quantize(block, "mxfp4").data[0] == 0x17
    q = msref.quantize(block, "mxfp4", scale_rounding="rceil")  # 7/6 -> 2^1; 3.5 ties to 4
    assert q.scales.tolist() == [128] and q.data[:2].tolist() == [0x06, 0x0B]
    one = np.ones(32, F32)
    assert msref.quantize(one, "mxfp8_e4m3").scales.tolist() == [119]   # 0 - 8
    assert msref.quantize(one, "mxfp8_e4m3").data[0] == 0x78            # 256 = 1.0 * 2^8
    assert msref.quantize(one, "mxfp8_e4m3", scale_rounding="rceil").scales.tolist() == [119]
    assert msref.quantize(one, "mxint8").data[0] == 64                  # 1.0 at 2^-6
    assert msref.quantize(one * F32(1.99), "mxint8").data[0] == 127     # 127.36 -> 127
    assert msref.quantize(one, "mxint8", scale_rounding="rceil").scales.tolist() == [127]


@pytest.mark.parametrize("rule", ["floor", "rceil"])
def test_scale_rule_edges(rule):
    def scale(amax, scheme="mxfp4"):
        block = np.zeros(32, F32)
        block[5] = amax
        return int(msref.quantize(block, scheme, scale_rounding=rule).scales[0])

    assert scale(0.0) == 0                          # zero amax: -127
    assert scale(2.0 ** -140) == 0                  # subnormal amax: -127
    # f32 max = 2^128 - 2^104: floor 127 - 2; rceil ceil(log2(f32 max / 6)) = 126.
    assert scale(3.4028235e38) == (125 + 127 if rule == "floor" else 126 + 127)
    if rule == "floor":
        assert scale(4.0) == 127                    # 2 - 2
        assert scale(np.nextafter(F32(4), F32(0))) == 126
        assert scale(np.nextafter(F32(4), F32(8))) == 127
        assert scale(2.0 ** -126) == 0              # -126 - 2 clamps to -127
    else:
        assert scale(6.0) == 127                    # 6/6 = 1 exactly
        assert scale(np.nextafter(F32(6), F32(0))) == 127
        assert scale(np.nextafter(F32(6), F32(8))) == 128
        # r = amax/6 rounds down onto 2^-127: e = -127 and the element saturates.
        amax = np.nextafter(F32(6 * 2.0 ** -127), F32(1))
        assert scale(amax) == 0
        block = np.zeros(32, F32)
        block[0] = amax
        assert msref.quantize(block, "mxfp4", scale_rounding="rceil").data[0] == 0x07
        assert scale(6 * 2.0 ** -127 + 6 * 2.0 ** -149) == 1   # r just above 2^-127


def test_nan_inf_blocks():
    x = np.ones((3, 64), F32)
    x[0, 40] = np.nan
    x[1, 3] = np.inf
    x[2, 63] = -np.inf
    for scheme, nan_scale in (("mxfp4", 0xFF), ("mxint8", 0xFF), ("nvfp4", 0x7F)):
        q = msref.quantize(x, scheme)
        bad = np.zeros(q.scales.shape, bool)
        bad[0, 40 // q.scheme.block_size] = bad[1, 0] = bad[2, -1] = True
        assert np.all(q.scales[bad] == nan_scale)
        assert np.all(q.scales[~bad] != nan_scale)
        y = msref.dequantize(q)
        assert np.array_equal(np.isnan(y), np.repeat(bad, q.scheme.block_size, axis=1))
        codes = ms.unpack(q.data, q.scheme.element, 64)
        assert not codes[np.repeat(bad, q.scheme.block_size, axis=1)].any()


def test_subnormal_amax_round_trip():
    """With e = -127 the quotient v / 2^-127 is exact and dequantizes back exactly."""
    x = np.zeros((1, 32), F32)
    x[0, :4] = [2.0 ** -130, -2.0 ** -133, 3 * 2.0 ** -136, 2.0 ** -136]
    q = msref.quantize(x, "mxfp8_e4m3")
    assert q.scales.tolist() == [[0]]
    assert same_f32(msref.dequantize(q), x)


def test_exactly_representable_round_trip():
    """Values that are element values times the block's scale come back bit-exact."""
    rng = np.random.default_rng(9)
    for name in MX_SCHEMES:
        element = ms.SCHEMES[name].element
        vals = O.values(element)
        finite = vals[np.isfinite(vals) & (np.abs(vals) <= O.LARGEST[element])]
        v = rng.choice(finite, (8, 32))
        v[:, 0] = O.LARGEST[element]  # pins the floor scale to 2^0 ...
        x = (v * 2.0 ** rng.integers(-100, 100, (8, 1))).astype(F32)
        q = msref.quantize(x, name)
        assert same_f32(msref.dequantize(q), x), name


class TestAgainstCCore:
    @pytest.mark.parametrize("rule", ["floor", "rceil"])
    @pytest.mark.parametrize("scheme", [ms.SCHEMES[n] for n in MX_SCHEMES]
                             + [s for s in CUSTOM_SCHEMES if s.scale == "e8m0"], ids=str)
    def test_mx(self, clib, scheme, rule):
        x = blocky(32, 512, scheme.block_size, seed=scheme.block_size + 11)
        self._compare(clib, x, scheme, rule, None)

    @pytest.mark.parametrize("given", [None, 0.25, 2.5e-4])
    @pytest.mark.parametrize("specials", [False, True])
    @pytest.mark.parametrize("block", [16, 32])
    def test_nvfp4(self, clib, given, specials, block):
        x = blocky(32, 256, block, seed=block, specials=specials)
        if not specials:
            x = (x / np.max(np.abs(x)) * 100).astype(F32)
        self._compare(clib, x, ms.Scheme("e2m1", block_size=block, scale="ue4m3"), None, given)

    def test_named_schemes_agree(self, clib):
        def fields(cs):
            return cs.element, cs.blockSize, cs.scale, cs.hasGlobal

        for name, scheme in ms.SCHEMES.items():
            assert fields(clib.scheme(name)) == fields(clib.scheme(scheme)), name
            assert clib.verify(clib.scheme(scheme)) == 0, name

    def test_scheme_validity_agrees(self, clib):
        """Python's Scheme and msSchemeVerify accept and reject the same schemes."""
        from conftest import FORMAT_ENUM, MsScheme
        for element in O.ALL_FORMATS:
            for scale in ("e8m0", "ue4m3"):
                for block in (-16, 0, 1, 2, 4, 6, 8, 12, 16, 32, 64):
                    try:
                        ms.Scheme(element, block_size=block, scale=scale)
                        ok = True
                    except ValueError:
                        ok = False
                    cs = MsScheme(FORMAT_ENUM[element], block, FORMAT_ENUM[scale],
                                  int(scale == "ue4m3"))
                    assert (clib.verify(cs) == 0) == ok, (element, scale, block)

    def test_large_random(self, clib):
        x = np.random.default_rng(12).standard_normal((256, 1024)).astype(F32)
        for name in ms.SCHEMES:
            rule = None if name == "nvfp4" else "rceil"
            self._compare(clib, x, ms.SCHEMES[name], rule, None)

    @staticmethod
    def _compare(clib, x, scheme, rule, given):
        q = msref.quantize(x, scheme, scale_rounding=rule, global_scale=given)
        data, scales, glob = clib.quantize(scheme, rule, x, given)
        assert np.array_equal(q.data, data)
        assert np.array_equal(q.scales, scales)
        if scheme.has_global:
            assert F32(q.global_scale).view(np.uint32) == F32(glob).view(np.uint32)
        deq = clib.dequantize(scheme, data, scales, glob, x.shape)
        assert same_f32(msref.dequantize(q), deq)


@pytest.mark.parametrize("shape", [(0, 32), (3, 0), (2, 0, 64)])
def test_empty_tensors(shape):
    for name in ("mxfp4", "mxfp6_e3m2", "nvfp4"):
        q = msref.quantize(np.zeros(shape, F32), name)
        assert q.data.shape[:-1] == shape[:-1] and q.scales.shape[:-1] == shape[:-1]
        assert q.global_scale == (1.0 if name == "nvfp4" else None)
        assert msref.dequantize(q).shape == shape
