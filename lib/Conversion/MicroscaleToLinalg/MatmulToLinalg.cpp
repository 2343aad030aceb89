//===- MatmulToLinalg.cpp - matmul as dequantize + linalg.matmul ----------===//
//
// Each block-scaled operand is dequantized to f32 (exact: every product of
// an element and a power-of-two or UE4M3 scale fits f32 unless it is
// subnormal, as Numerics §2.6 rounds it), then one `linalg.matmul` with B
// transposed through its indexing maps (B is N x K) accumulates in f32.
// The summation order is free (Numerics §4).
//
//===----------------------------------------------------------------------===//

#include "Lowerings.h"

#include "microscale/Dialect/Microscale/IR/MicroscaleOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
using namespace mlir::microscale;
using namespace mlir::microscale::linalg_lowering;

namespace {

struct MatmulLowering : OpConversionPattern<MatmulOp> {
  MatmulLowering(TypeConverter &converter, MLIRContext *context,
                 DecodeForm form)
      : OpConversionPattern(converter, context), form(form) {}

  /// The operand as a float tensor and the size of its dimension 0 when
  /// dynamic.
  std::pair<Value, SmallVector<Value>>
  operand(OpBuilder &b, Location loc, Value original,
          ValueRange converted) const {
    if (auto type = dyn_cast<QuantizedTensorType>(original.getType())) {
      Storage storage = getStorage(type, converted);
      return {dequantize(b, loc, storage, b.getF32Type(), form),
              dynamicSizes(b, loc, storage.data, 1)};
    }
    return {converted.front(), dynamicSizes(b, loc, converted.front(), 1)};
  }

  LogicalResult
  matchAndRewrite(MatmulOp op, OneToNOpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    auto [lhs, rows] = operand(rewriter, loc, op.getLhs(), adaptor.getLhs());
    auto [rhs, cols] = operand(rewriter, loc, op.getRhs(), adaptor.getRhs());
    RankedTensorType resultType = op.getResult().getType();
    Value init;
    if (!adaptor.getAcc().empty()) {
      init = adaptor.getAcc().front();
    } else {
      SmallVector<Value> sizes(rows);
      sizes.append(cols);
      Value empty = emptyTensor(rewriter, loc, resultType.getShape(),
                                rewriter.getF32Type(), sizes);
      Value zero = arith::ConstantOp::create(rewriter, loc,
                                             rewriter.getF32FloatAttr(0.0f));
      init = linalg::FillOp::create(rewriter, loc, ValueRange{zero},
                                    ValueRange{empty})
                 .getResult(0);
    }
    AffineExpr m = getAffineDimExpr(0, context),
               n = getAffineDimExpr(1, context),
               k = getAffineDimExpr(2, context);
    SmallVector<Attribute> maps = {
        AffineMapAttr::get(AffineMap::get(3, 0, {m, k}, context)),
        AffineMapAttr::get(AffineMap::get(3, 0, {n, k}, context)),
        AffineMapAttr::get(AffineMap::get(3, 0, {m, n}, context))};
    auto matmul = linalg::MatmulOp::create(
        rewriter, loc, TypeRange{resultType}, ValueRange{lhs, rhs},
        ValueRange{init},
        {rewriter.getNamedAttr("indexing_maps", rewriter.getArrayAttr(maps))});
    rewriter.replaceOp(op, matmul.getResult(0));
    return success();
  }

  DecodeForm form;
};

} // namespace

void linalg_lowering::populateMatmulPatterns(TypeConverter &converter,
                                             RewritePatternSet &patterns,
                                             DecodeForm form) {
  patterns.add<MatmulLowering>(converter, patterns.getContext(), form);
}
