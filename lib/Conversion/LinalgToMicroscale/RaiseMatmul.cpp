//===- RaiseMatmul.cpp - block-scaled contractions to microscale.matmul ---===//
//
// `linalg.matmul` (any of its maps with A as M x K, B as N x K or K x N) or
// a matmul-shaped `linalg.generic` (loops m, n, k; `out + a * b`, operands
// through `arith.extf` or, fused, `arith.scaling_extf` of elements and
// block scales) whose operands are block-scaled, one or both, becomes
// `microscale.matmul`: C = A * B^T + init, with the init dropped when it
// is a fill of +0.0. Anything else stays as it is.
//
//===----------------------------------------------------------------------===//

#include "Raisings.h"
#include "ScaledOperands.h"

#include "microscale/Dialect/Microscale/IR/MicroscaleOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::microscale;
using namespace mlir::microscale::raise;

namespace {

struct Contraction {
  ContractionOperand lhs, rhs;
  Value init;
};

/// A plain operand, or the block-scaled one a dequantizing generic makes.
ContractionOperand operandOf(Value value, AffineMap map) {
  if (auto generic = value.getDefiningOp<linalg::GenericOp>()) {
    FailureOr<ContractionOperand> scaled = matchDequantize(generic, map);
    if (succeeded(scaled))
      return *scaled;
  }
  return {value, Value(), 0, map};
}

bool isPositiveZeroFill(Value init) {
  auto fill = init.getDefiningOp<linalg::FillOp>();
  FloatAttr value;
  return fill && matchPattern(fill.getInputs()[0], m_Constant(&value)) &&
         value.getValue().isPosZero();
}

/// Loops (m, n, k), k reducing, C indexed (m, n).
bool isMatmulIteration(linalg::LinalgOp op) {
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  if (iterators.size() != 3 || op.getNumDpsInits() != 1 ||
      iterators[0] != utils::IteratorType::parallel ||
      iterators[1] != utils::IteratorType::parallel ||
      iterators[2] != utils::IteratorType::reduction)
    return false;
  MLIRContext *context = op.getContext();
  return op.getMatchingIndexingMap(op.getDpsInitOperand(0)) ==
         AffineMap::get(3, 0,
                        {getAffineDimExpr(0, context),
                         getAffineDimExpr(1, context)},
                        context);
}

/// Whether `map` reads rows `dim` and columns k, in either order.
bool readsDimAndK(AffineMap map, unsigned dim) {
  MLIRContext *context = map.getContext();
  return map.getNumResults() == 2 &&
         map.getResultPosition(getAffineDimExpr(dim, context)) &&
         map.getResultPosition(getAffineDimExpr(2, context));
}

LogicalResult raiseContraction(PatternRewriter &rewriter, Operation *op,
                               const Contraction &contraction) {
  const ContractionOperand &lhs = contraction.lhs, &rhs = contraction.rhs;
  if (!lhs.isScaled() && !rhs.isScaled())
    return rewriter.notifyMatchFailure(op, "no block-scaled operand");
  auto resultType = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  if (!resultType || !resultType.getElementType().isF32())
    return rewriter.notifyMatchFailure(op, "result is not an f32 tensor");
  if (!readsDimAndK(lhs.map, 0) || !readsDimAndK(rhs.map, 1))
    return rewriter.notifyMatchFailure(op, "operands are not M x K, N x K");
  // A transposed A is no linear layer: leave it.
  if (lhs.map.getResultPosition(getAffineDimExpr(0, op->getContext())) != 0)
    return rewriter.notifyMatchFailure(op, "A is K x M");
  if (failed(checkOperand(lhs)) || failed(checkOperand(rhs)))
    return rewriter.notifyMatchFailure(op, "unsupported operand");
  if (lhs.isScaled() && rhs.isScaled() && lhs.block != rhs.block)
    return rewriter.notifyMatchFailure(op, "operands' block sizes differ");
  Location loc = op->getLoc();
  Value a = materialize(rewriter, loc, lhs);
  Value b = materialize(rewriter, loc, rhs);
  Value acc =
      isPositiveZeroFill(contraction.init) ? Value() : contraction.init;
  rewriter.replaceOpWithNewOp<MatmulOp>(op, resultType, a, b, acc);
  return success();
}

struct RaiseNamedMatmul : OpRewritePattern<linalg::MatmulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::MatmulOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.hasPureTensorSemantics() || !isMatmulIteration(op))
      return failure();
    SmallVector<AffineMap> maps = op.getIndexingMapsArray();
    Contraction contraction{operandOf(op.getInputs()[0], maps[0]),
                            operandOf(op.getInputs()[1], maps[1]),
                            op.getOutputs()[0]};
    return raiseContraction(rewriter, op, contraction);
  }
};

/// A matmul-shaped generic: yield(out + a' * b'), where each of a', b' is
/// an input, its `arith.extf`, or `arith.scaling_extf` of two inputs
/// (elements and block scales); every input used once.
struct RaiseGenericMatmul : OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::GenericOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.hasPureTensorSemantics() || !isMatmulIteration(op))
      return failure();
    Block &body = op.getRegion().front();
    unsigned inputs = op.getNumDpsInputs();
    auto yield = cast<linalg::YieldOp>(body.getTerminator());
    auto add = yield.getValues()[0].getDefiningOp<arith::AddFOp>();
    if (!add)
      return failure();
    Value out = body.getArgument(inputs);
    Value product = add.getLhs() == out   ? add.getRhs()
                    : add.getRhs() == out ? add.getLhs()
                                          : Value();
    auto multiply = product ? product.getDefiningOp<arith::MulFOp>() : nullptr;
    if (!multiply || !out.hasOneUse() || !product.hasOneUse())
      return failure();

    SmallVector<AffineMap> maps = op.getIndexingMapsArray();
    llvm::SmallBitVector used(inputs);
    unsigned leafOps = 0;
    auto input = [&](Value value) -> std::optional<unsigned> {
      auto argument = dyn_cast<BlockArgument>(value);
      if (!argument || argument.getOwner() != &body ||
          argument.getArgNumber() >= inputs || used[argument.getArgNumber()] ||
          !argument.hasOneUse())
        return std::nullopt;
      used.set(argument.getArgNumber());
      return argument.getArgNumber();
    };
    auto leaf = [&](Value value) -> std::optional<ContractionOperand> {
      if (auto extend = value.getDefiningOp<arith::ScalingExtFOp>()) {
        ++leafOps;
        std::optional<unsigned> elements = input(extend.getIn());
        std::optional<unsigned> scales = input(extend.getScale());
        if (!elements || !scales || !extend.getType().isF32() ||
            !isMXElementType(extend.getIn().getType()) ||
            !isa<Float8E8M0FNUType>(extend.getScale().getType()))
          return std::nullopt;
        std::optional<int64_t> block =
            blockOfScaleMap(maps[*elements], maps[*scales], 2);
        if (!block)
          return std::nullopt;
        return ContractionOperand{op.getDpsInputs()[*elements],
                                  op.getDpsInputs()[*scales], *block,
                                  maps[*elements]};
      }
      if (auto extend = value.getDefiningOp<arith::ExtFOp>()) {
        ++leafOps;
        value = extend.getIn();
      } else if (!value.getType().isF32()) {
        return std::nullopt;
      }
      std::optional<unsigned> index = input(value);
      if (!index)
        return std::nullopt;
      return operandOf(op.getDpsInputs()[*index], maps[*index]);
    };
    std::optional<ContractionOperand> first = leaf(multiply.getLhs());
    std::optional<ContractionOperand> second = leaf(multiply.getRhs());
    // Nothing but the leaves, the product and the sum in the body, and
    // every input read.
    if (!first || !second || !used.all() ||
        body.getOperations().size() != leafOps + 3)
      return failure();
    MLIRContext *context = op.getContext();
    if (!first->map.getResultPosition(getAffineDimExpr(0, context)))
      std::swap(first, second);
    return raiseContraction(rewriter, op,
                            {*first, *second, op.getDpsInits()[0]});
  }
};

} // namespace

void raise::populateMatmulRaisings(RewritePatternSet &patterns) {
  patterns.add<RaiseNamedMatmul, RaiseGenericMatmul>(patterns.getContext());
}
