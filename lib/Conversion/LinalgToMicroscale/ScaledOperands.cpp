//===- ScaledOperands.cpp - block-scaled operands in upstream IR ----------===//

#include "ScaledOperands.h"

#include "microscale/Conversion/MicroscaleToLinalg/StorageTensors.h"
#include "microscale/Dialect/Microscale/IR/MicroscaleOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::microscale;
using namespace mlir::microscale::raise;

bool raise::isMXElementType(Type type) {
  return isa<Float4E2M1FNType, Float6E2M3FNType, Float6E3M2FNType,
             Float8E4M3FNType, Float8E5M2Type>(type);
}

std::optional<int64_t>
raise::blockOfScaleMap(AffineMap elementMap, AffineMap scaleMap, unsigned dim) {
  if (elementMap.getNumDims() != scaleMap.getNumDims() ||
      elementMap.getNumResults() != scaleMap.getNumResults() ||
      elementMap.getNumSymbols() || scaleMap.getNumSymbols())
    return std::nullopt;
  AffineExpr blocked = getAffineDimExpr(dim, elementMap.getContext());
  std::optional<int64_t> block;
  for (auto [element, scale] :
       llvm::zip(elementMap.getResults(), scaleMap.getResults())) {
    if (element != blocked) {
      if (element != scale)
        return std::nullopt;
      continue;
    }
    auto division = dyn_cast<AffineBinaryOpExpr>(scale);
    if (!division || division.getKind() != AffineExprKind::FloorDiv ||
        division.getLHS() != blocked)
      return std::nullopt;
    auto divisor = dyn_cast<AffineConstantExpr>(division.getRHS());
    if (!divisor || divisor.getValue() <= 0 || block)
      return std::nullopt;
    block = divisor.getValue();
  }
  return block;
}

FailureOr<ContractionOperand> raise::matchDequantize(linalg::GenericOp generic,
                                                     AffineMap useMap) {
  if (generic.getNumDpsInputs() != 2 || generic.getNumDpsInits() != 1 ||
      generic.getNumLoops() != 2 || generic.getNumReductionLoops() != 0)
    return failure();
  Block &body = generic.getRegion().front();
  auto extend = dyn_cast<arith::ScalingExtFOp>(body.front());
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  if (!extend || body.getOperations().size() != 2 ||
      yield.getValues().size() != 1 ||
      yield.getValues()[0] != extend.getResult() || !extend.getType().isF32())
    return failure();
  auto in = dyn_cast<BlockArgument>(extend.getIn());
  auto scale = dyn_cast<BlockArgument>(extend.getScale());
  if (!in || !scale || in.getOwner() != &body || scale.getOwner() != &body ||
      in.getArgNumber() >= 2 || scale.getArgNumber() >= 2 ||
      in.getArgNumber() == scale.getArgNumber() ||
      !isa<Float8E8M0FNUType>(scale.getType()) ||
      !isMXElementType(in.getType()))
    return failure();
  SmallVector<AffineMap> maps = generic.getIndexingMapsArray();
  AffineMap elementMap = maps[in.getArgNumber()];
  if (!elementMap.isIdentity() || !maps[2].isIdentity() ||
      useMap.getNumResults() != 2)
    return failure();
  // The dequantized dimension the contraction reduces over.
  std::optional<unsigned> kPosition =
      useMap.getResultPosition(getAffineDimExpr(2, useMap.getContext()));
  if (!kPosition)
    return failure();
  std::optional<int64_t> block =
      blockOfScaleMap(elementMap, maps[scale.getArgNumber()], *kPosition);
  if (!block)
    return failure();
  return ContractionOperand{generic.getDpsInputs()[in.getArgNumber()],
                            generic.getDpsInputs()[scale.getArgNumber()],
                            *block, useMap};
}

/// The position of the contraction's reduction loop among `map`'s results.
static std::optional<unsigned> kPositionOf(AffineMap map) {
  return map.getResultPosition(getAffineDimExpr(2, map.getContext()));
}

LogicalResult raise::checkOperand(const ContractionOperand &operand) {
  AffineMap map = operand.map;
  if (map.getNumResults() != 2 || !map.isProjectedPermutation())
    return failure();
  std::optional<unsigned> k = kPositionOf(map);
  auto type = dyn_cast<RankedTensorType>(operand.value.getType());
  if (!k || !type || type.getRank() != 2)
    return failure();
  Type element = type.getElementType();
  if (!operand.isScaled())
    return success(element.isF32() || element.isBF16() || element.isF16());
  auto scalesType = dyn_cast<RankedTensorType>(operand.scales.getType());
  int64_t kSize = type.getDimSize(*k), block = operand.block;
  unsigned unit = element.getIntOrFloatBitWidth() == 4   ? 2
                  : element.getIntOrFloatBitWidth() == 6 ? 4
                                                         : 1;
  if (!isMXElementType(element) || !scalesType || scalesType.getRank() != 2 ||
      ShapedType::isDynamic(kSize) || !llvm::isPowerOf2_64(block) ||
      block % unit != 0 || kSize % block != 0)
    return failure();
  // The scales are [rows, K / block] (or transposed like the elements).
  int64_t other = 1 - *k;
  if (scalesType.getDimSize(*k) != kSize / block ||
      (!type.isDynamicDim(other) && !scalesType.isDynamicDim(other) &&
       scalesType.getDimSize(other) != type.getDimSize(other)))
    return failure();
  return success();
}

static Value transpose(PatternRewriter &rewriter, Location loc, Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<Value> sizes;
  for (int64_t dim : {1, 0})
    if (type.isDynamicDim(dim))
      sizes.push_back(tensor::DimOp::create(rewriter, loc, value, dim));
  Value init = tensor::EmptyOp::create(rewriter, loc,
                                       {type.getDimSize(1), type.getDimSize(0)},
                                       type.getElementType(), sizes);
  return linalg::TransposeOp::create(rewriter, loc, value, init,
                                     ArrayRef<int64_t>{1, 0})
      ->getResult(0);
}

Value raise::materialize(PatternRewriter &rewriter, Location loc,
                         const ContractionOperand &operand) {
  Value value = operand.value, scales = operand.scales;
  if (*kPositionOf(operand.map) == 0) {
    value = transpose(rewriter, loc, value);
    if (scales)
      scales = transpose(rewriter, loc, scales);
  }
  if (!operand.isScaled())
    return value;
  auto valueType = cast<RankedTensorType>(value.getType());
  MLIRContext *context = rewriter.getContext();
  auto scheme =
      SchemeAttr::get(context, valueType.getElementType(), operand.block,
                      Float8E8M0FNUType::get(context), /*hasGlobal=*/false);
  auto type = QuantizedTensorType::get(valueType.getShape(), scheme);
  // Upstream element tensors hold one code per byte; microscale's storage
  // packs them (Numerics §5). Reusing bytes that are already packed costs
  // nothing; otherwise packCodes's elementwise generic packs them, which is
  // correct for any consumer and which convert-microscale-to-cpu's kernels
  // skip, reading the codes in place.
  Value data = linalg_lowering::unpackedSource(value, type);
  if (!data)
    data = linalg_lowering::packCodes(rewriter, loc, type, value);
  return PackOp::create(rewriter, loc, type, data, scales, Value());
}
