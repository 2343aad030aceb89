//===- MicroscaleOps.cpp - microscale operations --------------------------===//

#include "microscale/Dialect/Microscale/IR/MicroscaleOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace mlir::microscale;

//===----------------------------------------------------------------------===//
// Custom assembly: the rule of `scale_rounding(rceil)`
//===----------------------------------------------------------------------===//

/// The rule inside `scale_rounding(...)`, a bare keyword. (An enum
/// attribute's own printer would put a space after the parenthesis.)
static ParseResult parseScaleRule(OpAsmParser &parser,
                                  ScaleRoundingAttr &attr) {
  SMLoc loc = parser.getCurrentLocation();
  StringRef name;
  if (parser.parseKeyword(&name))
    return failure();
  std::optional<ScaleRounding> rule = symbolizeScaleRounding(name);
  if (!rule)
    return parser.emitError(loc, "unknown scale rounding '")
           << name << "'; expected 'floor' or 'rceil'";
  attr = ScaleRoundingAttr::get(parser.getContext(), *rule);
  return success();
}

static void printScaleRule(OpAsmPrinter &printer, Operation *,
                           ScaleRoundingAttr attr) {
  printer << stringifyScaleRounding(attr.getValue());
}

#define GET_OP_CLASSES
#include "microscale/Dialect/Microscale/IR/MicroscaleOps.cpp.inc"

//===----------------------------------------------------------------------===//
// Shared verification
//===----------------------------------------------------------------------===//

/// A float tensor and a block-scaled tensor that hold the same elements must
/// have the same shape, dynamic dimensions included.
static LogicalResult verifySameShape(Operation *op, Type floatType,
                                     QuantizedTensorType quantizedType) {
  if (cast<RankedTensorType>(floatType).getShape() != quantizedType.getShape())
    return op->emitOpError("shape of ")
           << floatType << " does not match the shape of " << quantizedType;
  return success();
}

/// `scale_rounding` picks between E8M0 scale rules; other scales have one.
static LogicalResult verifyScaleRounding(Operation *op,
                                         std::optional<ScaleRounding> rounding,
                                         QuantizedTensorType result) {
  if (rounding && !result.getScheme().hasE8M0Scales())
    return op->emitOpError("'scale_rounding' applies to schemes with E8M0 "
                           "block scales only, not to ")
           << result;
  return success();
}

/// The raw storage `pack` takes and `unpack` returns must be exactly the
/// storage of the block-scaled type (Numerics §5).
static LogicalResult verifyStorage(Operation *op, QuantizedTensorType type,
                                   Type data, Type scales, Value global,
                                   StringRef globalRole) {
  if (data != type.getDataType())
    return op->emitOpError("element data of ")
           << type << " is stored as " << type.getDataType() << ", not "
           << data;
  if (scales != type.getScalesType())
    return op->emitOpError("block scales of ")
           << type << " are stored as " << type.getScalesType() << ", not "
           << scales;
  if (type.getGlobalType() && !global)
    return op->emitOpError("scheme of ")
           << type << " has a global scale: expected an f32 " << globalRole;
  if (!type.getGlobalType() && global)
    return op->emitOpError("scheme of ")
           << type << " has no global scale, but an f32 " << globalRole
           << " was given";
  return success();
}

//===----------------------------------------------------------------------===//
// quantize / dequantize / requantize
//===----------------------------------------------------------------------===//

LogicalResult QuantizeOp::verify() {
  QuantizedTensorType result = getResult().getType();
  if (failed(verifySameShape(*this, getInput().getType(), result)) ||
      failed(verifyScaleRounding(*this, getScaleRounding(), result)))
    return failure();
  if (getGlobal() && !result.getScheme().getHasGlobal())
    return emitOpError("'global' is only allowed for schemes with a global "
                       "scale, not for ")
           << result;
  return success();
}

LogicalResult DequantizeOp::verify() {
  return verifySameShape(*this, getResult().getType(), getInput().getType());
}

LogicalResult RequantizeOp::verify() {
  QuantizedTensorType input = getInput().getType();
  QuantizedTensorType result = getResult().getType();
  if (input.getShape() != result.getShape())
    return emitOpError("shape of ")
           << input << " does not match the shape of " << result;
  return verifyScaleRounding(*this, getScaleRounding(), result);
}

//===----------------------------------------------------------------------===//
// matmul
//===----------------------------------------------------------------------===//

static std::string formatDim(int64_t dim) {
  return ShapedType::isDynamic(dim) ? "?" : std::to_string(dim);
}

static ArrayRef<int64_t> getOperandShape(Type type) {
  if (auto quantized = dyn_cast<QuantizedTensorType>(type))
    return quantized.getShape();
  return cast<RankedTensorType>(type).getShape();
}

LogicalResult MatmulOp::verify() {
  Type lhsType = getLhs().getType(), rhsType = getRhs().getType();
  auto lhsQuantized = dyn_cast<QuantizedTensorType>(lhsType);
  auto rhsQuantized = dyn_cast<QuantizedTensorType>(rhsType);
  if (!lhsQuantized && !rhsQuantized)
    return emitOpError("needs at least one block-scaled operand; multiply "
                       "plain tensors with linalg.matmul");
  ArrayRef<int64_t> lhs = getOperandShape(lhsType);
  ArrayRef<int64_t> rhs = getOperandShape(rhsType);
  if (lhs.size() != 2)
    return emitOpError("lhs must have rank 2 (M x K), got ") << lhsType;
  if (rhs.size() != 2)
    return emitOpError("rhs must have rank 2 (N x K, K-major), got ")
           << rhsType;
  if (lhs[1] != rhs[1])
    return emitOpError("reduction dimensions differ: lhs is M x K with K = ")
           << formatDim(lhs[1])
           << ", rhs is N x K with K = " << formatDim(rhs[1]);
  if (lhsQuantized && rhsQuantized &&
      lhsQuantized.getScheme().getBlockSize() !=
          rhsQuantized.getScheme().getBlockSize())
    return emitOpError("operands must share the block size along K, got ")
           << lhsQuantized.getScheme().getBlockSize() << " and "
           << rhsQuantized.getScheme().getBlockSize();
  ArrayRef<int64_t> result = getResult().getType().getShape();
  if (result.size() != 2 || result[0] != lhs[0] || result[1] != rhs[0])
    return emitOpError("result must be M x N = ")
           << formatDim(lhs[0]) << "x" << formatDim(rhs[0]) << ", got "
           << getResult().getType();
  // Block-scaled operands bound their own size; the result may be the
  // larger of all (M x N).
  for (auto [role, type] : {std::pair<StringRef, Type>("lhs", lhsType),
                            {"rhs", rhsType},
                            {"result", getResult().getType()}})
    if (!isa<QuantizedTensorType>(type) &&
        !hasBoundedElementCount(getOperandShape(type)))
      return emitOpError() << role << " " << type
                           << " has 2^60 elements or more";
  if (getAcc() && getAcc().getType() != getResult().getType())
    return emitOpError("accumulator type ")
           << getAcc().getType() << " must equal the result type "
           << getResult().getType();
  return success();
}

//===----------------------------------------------------------------------===//
// pack / unpack
//===----------------------------------------------------------------------===//

LogicalResult PackOp::verify() {
  return verifyStorage(*this, getResult().getType(), getData().getType(),
                       getScales().getType(), getGlobal(), "global operand");
}

LogicalResult UnpackOp::verify() {
  return verifyStorage(*this, getInput().getType(), getData().getType(),
                       getScales().getType(), getGlobal(), "global result");
}

/// pack(unpack(q)) -> q
OpFoldResult PackOp::fold(FoldAdaptor) {
  auto unpack = getData().getDefiningOp<UnpackOp>();
  if (!unpack || unpack.getData() != getData() ||
      unpack.getScales() != getScales() || unpack.getGlobal() != getGlobal() ||
      unpack.getInput().getType() != getType())
    return {};
  return unpack.getInput();
}

/// unpack(pack(d, s[, g])) -> d, s[, g]
LogicalResult UnpackOp::fold(FoldAdaptor,
                             SmallVectorImpl<OpFoldResult> &results) {
  auto pack = getInput().getDefiningOp<PackOp>();
  if (!pack)
    return failure();
  results.push_back(pack.getData());
  results.push_back(pack.getScales());
  if (getGlobal())
    results.push_back(pack.getGlobal());
  return success();
}
