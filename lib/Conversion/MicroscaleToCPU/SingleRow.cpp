//===- SingleRow.cpp - a one-row branch for matmuls of dynamic rows -------===//
//
// Kernel selection sees only static shapes: a matmul whose rows are dynamic
// takes the many-row kernel, which decodes every weight into panels, even
// when a call brings one row (a GEMV, what upstream programs with a dynamic
// batch do at decode time). Such matmuls get a branch taken at run time when
// A has one row, where the same op on static one-row shapes selects the
// few-row kernel. The branches compute the same values: tensor.cast only
// changes what is known of the shape.
//
//===----------------------------------------------------------------------===//

#include "Lowerings.h"

#include "microscale/Dialect/Microscale/IR/MicroscaleOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"

using namespace mlir;
using namespace mlir::microscale;

/// `value` (a rank-2 tensor) cast to one row.
static Value castToOneRow(OpBuilder &b, Location loc, Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  return tensor::CastOp::create(b, loc, type.clone({1, type.getDimSize(1)}),
                                value);
}

void cpu::specializeSingleRow(ModuleOp module) {
  SmallVector<MatmulOp> matmuls;
  module.walk([&](MatmulOp op) {
    // Plain activations (a cast applies to them), block-scaled weights,
    // rows unknown.
    auto lhs = dyn_cast<RankedTensorType>(op.getLhs().getType());
    Value acc = op.getAcc();
    if (lhs && lhs.getRank() == 2 && lhs.isDynamicDim(0) &&
        op.getResult().getType().isDynamicDim(0) &&
        (!acc || cast<RankedTensorType>(acc.getType()).isDynamicDim(0)) &&
        isa<QuantizedTensorType>(op.getRhs().getType()))
      matmuls.push_back(op);
  });
  for (MatmulOp op : matmuls) {
    OpBuilder b(op);
    Location loc = op.getLoc();
    Value rows = tensor::DimOp::create(b, loc, op.getLhs(), 0);
    Value oneRow =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, rows,
                              arith::ConstantIndexOp::create(b, loc, 1));
    RankedTensorType resultType = op.getResult().getType();
    auto branch = scf::IfOp::create(b, loc, resultType, oneRow,
                                    /*withElseRegion=*/true);

    b.setInsertionPointToStart(branch.thenBlock());
    IRMapping mapping;
    mapping.map(op.getLhs(), castToOneRow(b, loc, op.getLhs()));
    if (Value acc = op.getAcc())
      mapping.map(acc, castToOneRow(b, loc, acc));
    Operation *single = b.clone(*op, mapping);
    single->getResult(0).setType(
        resultType.clone({1, resultType.getDimSize(1)}));
    scf::YieldOp::create(b, loc,
                         ValueRange{tensor::CastOp::create(
                             b, loc, resultType, single->getResult(0))});

    b.setInsertionPointToStart(branch.elseBlock());
    Operation *general = b.clone(*op);
    scf::YieldOp::create(b, loc, general->getResults());

    op.getResult().replaceAllUsesWith(branch.getResult(0));
    op.erase();
  }
}
