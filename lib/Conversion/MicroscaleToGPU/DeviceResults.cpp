//===- DeviceResults.cpp - microscale-gpu-device-results
//-------------------===//
//
// After bufferization of device-resident host code (host-data=false): the
// device buffers the microscale ops produced (gpu.alloc marked
// kDeviceResultAttr) are either returned, and become output arguments that
// the caller allocates, or intermediates, freed on the stream after their
// last use. Everything that would touch device memory from the host or need
// a copy is reported instead of compiled.
//
//===----------------------------------------------------------------------===//

#include "DeviceSession.h"
#include "DeviceStream.h"

#include "microscale/Conversion/Passes.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "llvm/ADT/BitVector.h"

namespace mlir::microscale {
#define GEN_PASS_DEF_MICROSCALEGPUDEVICERESULTS
#include "microscale/Conversion/Passes.h.inc"
} // namespace mlir::microscale

using namespace mlir;
using namespace mlir::microscale;
using namespace mlir::microscale::nvvm;

namespace {

/// The ops through which a buffer is only seen in another shape.
bool isView(Operation *op) {
  return isa<memref::CastOp, memref::ExpandShapeOp, memref::CollapseShapeOp>(
      op);
}

/// The device result allocation `value` is a view of, or null.
gpu::AllocOp deviceResultBehind(Value value) {
  while (Operation *def = value.getDefiningOp()) {
    if (auto alloc = dyn_cast<gpu::AllocOp>(def))
      return alloc->hasAttr(kDeviceResultAttr) ? alloc : gpu::AllocOp();
    if (!isView(def))
      return {};
    value = def->getOperand(0);
  }
  return {};
}

/// Every use of `buffer` and of its views.
void collectUses(Value buffer, SmallVectorImpl<OpOperand *> &uses) {
  for (OpOperand &use : buffer.getUses()) {
    if (isView(use.getOwner()))
      collectUses(use.getOwner()->getResult(0), uses);
    else
      uses.push_back(&use);
  }
}

/// Host code in a device-resident function that reads, writes or allocates
/// host memory: it would need the data on the host.
LogicalResult checkNoHostMemory(func::FuncOp f) {
  WalkResult found = f.walk([&](Operation *op) {
    if (!isa<memref::AllocOp, memref::AllocaOp, memref::CopyOp,
             memref::GetGlobalOp, memref::LoadOp, memref::StoreOp>(op))
      return WalkResult::advance();
    op->emitOpError("in a function compiled with host-data=false: its "
                    "buffers are device memory, which host code cannot "
                    "read, write or copy; such a function may hold only "
                    "microscale ops, shape ops and calls");
    return WalkResult::interrupt();
  });
  return failure(found.wasInterrupted());
}

/// Returned device results become output arguments before the stream.
LogicalResult returnThroughOutputs(func::FuncOp f, Value stream) {
  SmallVector<func::ReturnOp> returns;
  f.walk([&](func::ReturnOp r) { returns.push_back(r); });
  if (returns.empty())
    return success();
  if (returns.size() != 1)
    return f.emitOpError("with host-data=false must return from one place");
  func::ReturnOp ret = returns.front();

  llvm::BitVector erased(f.getNumResults());
  SmallVector<std::pair<unsigned, gpu::AllocOp>> outputs;
  for (auto [i, value] : llvm::enumerate(ret.getOperands())) {
    if (!isa<MemRefType>(value.getType()))
      continue;
    gpu::AllocOp alloc = deviceResultBehind(value);
    if (!alloc || alloc->getBlock() != ret->getBlock())
      return ret.emitOpError("result #")
             << i
             << " is not a device buffer that a microscale op of this "
                "function produced (an argument, a constant, or a value "
                "through a branch or loop): with host-data=false results "
                "are written to output buffers, which this one would need "
                "a copy to reach";
    if (llvm::any_of(outputs, [&](auto &o) { return o.second == alloc; }))
      return ret.emitOpError("returns one device buffer twice");
    outputs.push_back({static_cast<unsigned>(i), alloc});
    erased.set(i);
  }

  OpBuilder b(f.getContext());
  unsigned position = f.getNumArguments() - 1; // before the stream
  for (auto [i, alloc] : outputs) {
    Type type = f.getResultTypes()[i];
    if (failed(f.insertArgument(position, type, DictionaryAttr(), f.getLoc())))
      return failure();
    Value output = f.getArgument(position++);
    b.setInsertionPoint(alloc);
    Value flat = flatView(b, alloc.getLoc(), output);
    if (flat.getType() != alloc.getMemref().getType())
      flat = memref::CastOp::create(b, alloc.getLoc(),
                                    alloc.getMemref().getType(), flat);
    alloc.getMemref().replaceAllUsesWith(flat);
    if (Value token = alloc.getAsyncToken())
      token.replaceAllUsesWith(alloc.getAsyncDependencies().front());
    alloc.erase();
  }
  ret->eraseOperands(erased);
  return f.eraseResults(erased);
}

/// Intermediate device buffers are freed on the stream after their last
/// use in the block that allocated them.
LogicalResult freeIntermediates(func::FuncOp f, Value stream) {
  SmallVector<gpu::AllocOp> allocs;
  f.walk([&](gpu::AllocOp a) {
    if (a->hasAttr(kDeviceResultAttr))
      allocs.push_back(a);
  });
  for (gpu::AllocOp alloc : allocs) {
    SmallVector<OpOperand *> uses;
    collectUses(alloc.getMemref(), uses);
    Block *block = alloc->getBlock();
    Operation *last = alloc;
    for (OpOperand *use : uses) {
      Operation *user = use->getOwner();
      Operation *ancestor = block->findAncestorOpInBlock(*user);
      if (!ancestor || user->hasTrait<OpTrait::IsTerminator>() ||
          isa<CallOpInterface>(user))
        return user->emitOpError(
            "takes a device buffer out of the code that produced it; with "
            "host-data=false intermediate buffers must be used where they "
            "are made and returned only from the function");
      if (last->isBeforeInBlock(ancestor))
        last = ancestor;
    }
    OpBuilder b(last->getContext());
    b.setInsertionPointAfter(last);
    Location loc = alloc.getLoc();
    auto dealloc = gpu::DeallocOp::create(
        b, loc, b.getType<gpu::AsyncTokenType>(),
        ValueRange{streamToken(b, loc, stream)}, alloc.getMemref());
    dealloc->setAttr(bufferization::BufferizationDialect::kManualDeallocation,
                     b.getUnitAttr());
  }
  return success();
}

struct DeviceResultsPass
    : public ::mlir::microscale::impl::MicroscaleGPUDeviceResultsBase<
          DeviceResultsPass> {
  void runOnOperation() override {
    SmallVector<func::FuncOp> functions;
    getOperation().walk([&](func::FuncOp f) {
      if (!f.isExternal() && getStreamArgument(&f.getBody().front().front()))
        functions.push_back(f);
    });
    for (func::FuncOp f : functions) {
      Value stream = f.getArguments().back();
      WalkResult calls = f.walk([](func::CallOp call) {
        if (llvm::any_of(call.getResultTypes(), llvm::IsaPred<MemRefType>)) {
          call.emitOpError("with host-data=false cannot take buffers from "
                           "a call: pass them as output arguments instead");
          return WalkResult::interrupt();
        }
        return WalkResult::advance();
      });
      if (calls.wasInterrupted() || failed(checkNoHostMemory(f)) ||
          failed(returnThroughOutputs(f, stream)) ||
          failed(freeIntermediates(f, stream)))
        return signalPassFailure();
    }
  }
};

} // namespace
