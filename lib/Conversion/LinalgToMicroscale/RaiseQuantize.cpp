//===- RaiseQuantize.cpp - MX quantization written upstream to microscale -===//
//
// The upstream form (mx-bench's kernels/upstream/quantize.mlir):
//
//   %x3 = tensor.expand_shape %x : [R, K] into [R, K/B, B]
//   %amax = generic reduce over B: maximumf(absf(x), acc), init fill +0.0
//   %s = generic: truncf(amax * 2^-emax) {downward} to f8E8M0FNU   (floor)
//            or   truncf(amax / largest) {upward} to f8E8M0FNU     (rceil)
//   %q3 = generic: scaling_truncf(x, s) to the element type
//
// becomes microscale.quantize, whose storage is unpacked back to one code
// per byte for the users. Raised only where the upstream ops compute the
// same scales and codes: a truncf to E8M0 rounding to nearest (its default)
// is neither rule, and E4M3/E5M2 elements overflow to NaN/Inf under the
// floor rule where microscale saturates; those stay, with a remark saying
// why. (NaN blocks: upstream's element codes are unspecified, microscale
// writes 0.)
//
//===----------------------------------------------------------------------===//

#include "Raisings.h"
#include "ScaledOperands.h"

#include "microscale/Conversion/LinalgToMicroscale/LinalgToMicroscale.h"
#include "microscale/Conversion/MicroscaleToLinalg/StorageTensors.h"
#include "microscale/Dialect/Microscale/IR/MicroscaleOps.h"
#include "microscale/Formats/ElementFormats.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::microscale;
using namespace mlir::microscale::raise;

namespace {

namespace formats = ::microscale::formats;

/// The single op of `generic`'s body before the yield, of type OpTy,
/// yielded.
template <typename OpTy> OpTy yieldedOp(linalg::GenericOp generic) {
  Block &body = generic.getRegion().front();
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  if (yield.getValues().size() != 1)
    return nullptr;
  return yield.getValues()[0].getDefiningOp<OpTy>();
}

/// Ops in `generic`'s body that are no constants (the yield included).
size_t nonConstantOps(linalg::GenericOp generic) {
  return llvm::count_if(generic.getRegion().front(), [](Operation &op) {
    return !isa<arith::ConstantOp>(op);
  });
}

bool isConstant(Value value, float expected) {
  FloatAttr attr;
  return matchPattern(value, m_Constant(&attr)) &&
         attr.getValue().convertToFloat() == expected;
}

struct Match {
  Value input;
  linalg::GenericOp scales;
  QuantizedTensorType type;
  ScaleRounding rule;
};

/// Why `quantize` (a generic yielding scaling_truncf) is not the upstream
/// MX quantization microscale computes, or what it quantizes.
FailureOr<Match> matchQuantize(linalg::GenericOp quantize, bool truncfFloors,
                               std::string &why) {
  auto fail = [&](const Twine &reason) {
    why = reason.str();
    return failure();
  };
  auto truncate = yieldedOp<arith::ScalingTruncFOp>(quantize);
  Block &body = quantize.getRegion().front();
  if (!truncate || body.getOperations().size() != 2 ||
      quantize.getNumDpsInputs() != 2 || quantize.getNumReductionLoops() ||
      quantize.getNumLoops() != 3)
    return fail("the generic does more than one arith.scaling_truncf");
  auto in = dyn_cast<BlockArgument>(truncate.getIn());
  auto scale = dyn_cast<BlockArgument>(truncate.getScale());
  if (!in || !scale || in.getArgNumber() != 0 || scale.getArgNumber() != 1 ||
      !in.getType().isF32() || !isa<Float8E8M0FNUType>(scale.getType()))
    return fail("scaling_truncf does not take f32 input 0 and f8E8M0FNU "
                "scales input 1");
  // scaling_truncf yields floats: MicroscaleDialect's map never gives Int8.
  std::optional<formats::Format> element =
      getElementFormat(truncate.getType());
  if (!element)
    return fail("the element type has no MX scheme");
  SmallVector<AffineMap> maps = quantize.getIndexingMapsArray();
  MLIRContext *context = quantize.getContext();
  if (!maps[0].isIdentity() || !maps[2].isIdentity() ||
      maps[1] != AffineMap::get(3, 0,
                                {getAffineDimExpr(0, context),
                                 getAffineDimExpr(1, context)},
                                context))
    return fail("the scales are not broadcast over blocks of the last "
                "dimension");
  auto expand = quantize.getDpsInputs()[0].getDefiningOp<tensor::ExpandShapeOp>();
  if (!expand || expand.getSrcType().getRank() != 2 ||
      expand.getReassociationIndices() !=
          SmallVector<ReassociationIndices>{{0}, {1, 2}})
    return fail("the input is not a [rows, K] tensor expanded to blocks");
  int64_t block = expand.getResultType().getDimSize(2);
  int64_t k = expand.getSrcType().getDimSize(1);
  unsigned unit = *element == formats::Format::E2M1 ? 2
                  : (*element == formats::Format::E2M3 ||
                     *element == formats::Format::E3M2)
                      ? 4
                      : 1;
  if (ShapedType::isDynamic(k) || ShapedType::isDynamic(block) ||
      !llvm::isPowerOf2_64(block) || block % unit)
    return fail("the block size is no power of two that packs whole bytes");

  // The scales: truncf(amax * 2^-emax) rounding down, or
  // truncf(amax / largest) rounding up, of the blocks' amaxes.
  auto scales = quantize.getDpsInputs()[1].getDefiningOp<linalg::GenericOp>();
  auto toScale = scales ? yieldedOp<arith::TruncFOp>(scales) : nullptr;
  if (!toScale || scales.getNumDpsInputs() != 1 ||
      nonConstantOps(scales) != 3 ||
      !llvm::all_of(scales.getIndexingMapsArray(),
                    [](AffineMap map) { return map.isIdentity(); }))
    return fail("the scales are not one arith.truncf of the amax");
  const formats::FormatInfo &info = formats::getFormatInfo(*element);
  std::optional<arith::RoundingMode> mode = toScale.getRoundingmode();
  Operation *argument = toScale.getIn().getDefiningOp();
  auto amaxArg = [&](Value value) {
    auto arg = dyn_cast<BlockArgument>(value);
    return arg && arg.getArgNumber() == 0;
  };
  ScaleRounding rule;
  if (auto mul = dyn_cast_or_null<arith::MulFOp>(argument);
      mul && amaxArg(mul.getLhs()) &&
      isConstant(mul.getRhs(), std::ldexp(1.0f, -info.emaxElem))) {
    if (!mode && !truncfFloors)
      return fail("arith.truncf to f8E8M0FNU rounds to nearest by default, "
                  "which is neither the floor nor the rceil rule (add "
                  "roundingmode = downward, or raise with "
                  "truncf-floors=true to read it as arith-expand lowers it)");
    if (mode && *mode != arith::RoundingMode::downward)
      return fail("amax * 2^-emax is truncated with a rounding mode other "
                  "than downward");
    rule = ScaleRounding::floor;
  } else if (auto div = dyn_cast_or_null<arith::DivFOp>(argument);
             div && amaxArg(div.getLhs()) &&
             isConstant(div.getRhs(), info.largestFinite)) {
    if (mode != arith::RoundingMode::upward)
      return fail("amax / largest is not truncated rounding upward (rceil)");
    rule = ScaleRounding::rceil;
  } else {
    return fail("the scale is not amax * 2^-emax_elem nor amax / largest");
  }
  if (rule == ScaleRounding::floor && info.bits == 8)
    return fail("under the floor rule an FP8 element overflows (to NaN or "
                "Inf in arith.truncf) where microscale saturates");

  // The amaxes: maximumf(absf(x), acc) over each block, from +0.0.
  auto amax = scales.getDpsInputs()[0].getDefiningOp<linalg::GenericOp>();
  auto maximum = amax ? yieldedOp<arith::MaximumFOp>(amax) : nullptr;
  if (!maximum || amax.getNumDpsInputs() != 1 ||
      amax.getDpsInputs()[0] != expand.getResult() ||
      amax.getNumReductionLoops() != 1 ||
      amax.getRegion().front().getOperations().size() != 3 ||
      amax.getIndexingMapsArray()[1] != maps[1])
    return fail("the scales do not come from each block's amax");
  auto absolute = maximum.getLhs().getDefiningOp<math::AbsFOp>();
  auto accumulator = dyn_cast<BlockArgument>(maximum.getRhs());
  auto init = amax.getDpsInits()[0].getDefiningOp<linalg::FillOp>();
  if (!absolute || !amaxArg(absolute.getOperand()) || !accumulator ||
      accumulator.getArgNumber() != 1 || !init ||
      !isConstant(init.getInputs()[0], 0.0f))
    return fail("the amax is not maximumf(absf(x), acc) from 0");

  MLIRContext *ctx = quantize.getContext();
  auto scheme = SchemeAttr::get(ctx, truncate.getType(), block,
                                Float8E8M0FNUType::get(ctx), false);
  auto type = QuantizedTensorType::get(expand.getSrcType().getShape(), scheme);
  return Match{expand.getSrc(), scales, type, rule};
}

} // namespace

void raise::raiseQuantizations(Operation *root, bool truncfFloors) {
  SmallVector<linalg::GenericOp> candidates;
  root->walk([&](linalg::GenericOp generic) {
    if (yieldedOp<arith::ScalingTruncFOp>(generic))
      candidates.push_back(generic);
  });
  IRRewriter rewriter(root->getContext());
  for (linalg::GenericOp quantize : candidates) {
    std::string why;
    FailureOr<Match> match = matchQuantize(quantize, truncfFloors, why);
    if (failed(match)) {
      quantize.emitRemark("not raised to microscale.quantize: ") << why;
      continue;
    }
    Location loc = quantize.getLoc();
    // Before the scales: every user of theirs or of the codes follows.
    linalg::GenericOp scales = match->scales;
    rewriter.setInsertionPoint(scales);
    QuantizedTensorType type = match->type;
    auto rule = match->rule == ScaleRounding::floor
                    ? ScaleRoundingAttr()
                    : ScaleRoundingAttr::get(rewriter.getContext(),
                                             match->rule);
    Value quantized =
        QuantizeOp::create(rewriter, loc, type, match->input, Value(), rule);
    auto unpack = UnpackOp::create(
        rewriter, loc, TypeRange{type.getDataType(), type.getScalesType()},
        quantized);
    linalg_lowering::Storage storage{type, unpack.getData(),
                                     unpack.getScales(), Value()};
    Value codes = linalg_lowering::unpackCodes(
        rewriter, loc, storage, type.getScheme().getElementType());
    auto resultType = cast<RankedTensorType>(quantize.getResult(0).getType());
    Value blocked = tensor::ExpandShapeOp::create(
        rewriter, loc, resultType, codes,
        SmallVector<ReassociationIndices>{{0}, {1, 2}});
    rewriter.replaceOp(quantize, blocked);
    rewriter.replaceOp(scales, unpack.getScales());
  }
}
