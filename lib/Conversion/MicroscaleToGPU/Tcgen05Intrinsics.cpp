//===- Tcgen05Intrinsics.cpp - tcgen05 ops as intrinsic calls -------------===//
//
// The intrinsic names and trailing immediate arguments are those MLIR 22's
// NVVM-to-LLVM-IR translation produces for the same ops (cta_group::1).
//
//===----------------------------------------------------------------------===//

#include "Tcgen05Intrinsics.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/TypeSwitch.h"

#include <string>

using namespace mlir;

namespace {

/// Replaces `op` by a call of `name` with `args` (and the op's results).
void replaceByCall(Operation *op, StringRef name, ValueRange args) {
  OpBuilder b(op);
  auto call = LLVM::CallIntrinsicOp::create(
      b, op->getLoc(), op->getResultTypes(), b.getStringAttr(name), args,
      LLVM::FastmathFlagsAttr::get(b.getContext(), LLVM::FastmathFlags::none));
  op->replaceAllUsesWith(call->getResults());
  op->erase();
}

Value constant(OpBuilder &b, Location loc, Type type, int64_t value) {
  return LLVM::ConstantOp::create(b, loc, type, b.getIntegerAttr(type, value));
}

LogicalResult rewriteMma(NVVM::Tcgen05MMABlockScaleOp op) {
  if (op.getCtaGroup() != NVVM::CTAGroupKind::CTA_1 ||
      op.getCollectorOp() != NVVM::Tcgen05MMACollectorOp::DISCARD ||
      !isa<IntegerType>(op.getMatrixA().getType()))
    return op.emitOpError("has no intrinsic form in this lowering (only "
                          "cta_group::1, A in shared memory, collector "
                          "discard)");
  std::string name = "llvm.nvvm.tcgen05.mma.shared.";
  name += NVVM::stringifyMMABlockScaleKind(op.getKind());
  name += ".block_scale";
  switch (op.getBlockScale()) {
  case NVVM::Tcgen05MMABlockScale::BLOCK16:
    name += ".block16";
    break;
  case NVVM::Tcgen05MMABlockScale::BLOCK32:
    name += ".block32";
    break;
  case NVVM::Tcgen05MMABlockScale::DEFAULT:
    break;
  }
  OpBuilder b(op);
  Type i32 = b.getI32Type();
  SmallVector<Value> args = {op.getMatrixD(),
                             op.getMatrixA(),
                             op.getMatrixB(),
                             op.getIdesc(),
                             op.getEnableInputD(),
                             op.getScaleA(),
                             op.getScaleB(),
                             constant(b, op.getLoc(), i32, 1),
                             constant(b, op.getLoc(), i32, 0)};
  replaceByCall(op, name, args);
  return success();
}

} // namespace

LogicalResult
mlir::microscale::nvvm::rewriteTcgen05AsIntrinsicCalls(Operation *root) {
  SmallVector<Operation *> ops;
  root->walk([&](Operation *op) {
    // The descriptor op is plain bit arithmetic, valid on every chip.
    if (isa<NVVM::Tcgen05MmaSmemDescOp>(op))
      return;
    if (op->getDialect() &&
        op->getDialect()->getNamespace() ==
            NVVM::NVVMDialect::getDialectNamespace() &&
        op->getName().getStringRef().starts_with("nvvm.tcgen05."))
      ops.push_back(op);
  });
  for (Operation *op : ops) {
    bool cta1 = true;
    LogicalResult result =
        llvm::TypeSwitch<Operation *, LogicalResult>(op)
            .Case([&](NVVM::Tcgen05AllocOp alloc) {
              cta1 = alloc.getGroup() == NVVM::CTAGroupKind::CTA_1 &&
                     isa<LLVM::LLVMPointerType>(alloc.getAddr().getType()) &&
                     cast<LLVM::LLVMPointerType>(alloc.getAddr().getType())
                             .getAddressSpace() == 3;
              if (cta1)
                replaceByCall(op, "llvm.nvvm.tcgen05.alloc.shared.cg1",
                              op->getOperands());
              return success();
            })
            .Case([&](NVVM::Tcgen05RelinquishAllocPermitOp relinquish) {
              cta1 = relinquish.getGroup() == NVVM::CTAGroupKind::CTA_1;
              if (cta1)
                replaceByCall(op, "llvm.nvvm.tcgen05.relinq.alloc.permit.cg1",
                              ValueRange());
              return success();
            })
            .Case([&](NVVM::Tcgen05DeallocOp dealloc) {
              cta1 = dealloc.getGroup() == NVVM::CTAGroupKind::CTA_1;
              if (cta1)
                replaceByCall(op, "llvm.nvvm.tcgen05.dealloc.cg1",
                              op->getOperands());
              return success();
            })
            .Case([&](NVVM::Tcgen05FenceOp fence) {
              replaceByCall(op,
                            fence.getKind() ==
                                    NVVM::Tcgen05FenceKind::BEFORE_THREAD_SYNC
                                ? "llvm.nvvm.tcgen05.fence.before.thread.sync"
                                : "llvm.nvvm.tcgen05.fence.after.thread.sync",
                            ValueRange());
              return success();
            })
            .Case([&](NVVM::Tcgen05WaitOp wait) {
              replaceByCall(op,
                            wait.getKind() == NVVM::Tcgen05WaitKind::LOAD
                                ? "llvm.nvvm.tcgen05.wait.ld"
                                : "llvm.nvvm.tcgen05.wait.st",
                            ValueRange());
              return success();
            })
            .Case([&](NVVM::Tcgen05CommitOp commit) {
              cta1 = commit.getGroup() == NVVM::CTAGroupKind::CTA_1 &&
                     !commit.getMulticastMask() &&
                     cast<LLVM::LLVMPointerType>(commit.getAddr().getType())
                             .getAddressSpace() == 3;
              if (cta1)
                replaceByCall(op, "llvm.nvvm.tcgen05.commit.shared.cg1",
                              op->getOperands());
              return success();
            })
            .Case([&](NVVM::Tcgen05CpOp cp) {
              cta1 = cp.getGroup() == NVVM::CTAGroupKind::CTA_1 &&
                     cp.getShape() == NVVM::Tcgen05CpShape::SHAPE_32x128b &&
                     cp.getMulticast() == NVVM::Tcgen05CpMulticast::WARPX4 &&
                     !cp.getSrcFormat();
              if (cta1)
                replaceByCall(op, "llvm.nvvm.tcgen05.cp.32x128b_warpx4.cg1",
                              op->getOperands());
              return success();
            })
            .Case([&](NVVM::Tcgen05LdOp ld) {
              auto vector = dyn_cast<VectorType>(ld.getRes().getType());
              cta1 = ld.getShape() == NVVM::Tcgen05LdStShape::SHAPE_32X32B &&
                     !ld.getOffset() && vector;
              if (cta1) {
                OpBuilder b(op);
                Value pack = constant(b, op->getLoc(), b.getI1Type(),
                                      ld.getPack() ? 1 : 0);
                replaceByCall(op,
                              "llvm.nvvm.tcgen05.ld.32x32b.x" +
                                  std::to_string(vector.getNumElements()),
                              SmallVector<Value>{ld.getTmemAddr(), pack});
              }
              return success();
            })
            .Case([&](NVVM::Tcgen05MMABlockScaleOp mma) {
              return rewriteMma(mma);
            })
            .Default([&](Operation *) {
              cta1 = false;
              return success();
            });
    if (failed(result))
      return failure();
    if (!cta1)
      return op->emitOpError(
          "has no intrinsic form in this lowering (the matmul kernels' "
          "variants only)");
  }
  return success();
}
