//===- EmulateOnHost.cpp - run barrier-free gpu.launch kernels as host loops
//===//
//
// For testing the GPU kernels on a machine without a GPU: every `gpu.launch`
// becomes a loop over its blocks around one loop over its threads, or, when
// barriers cut one top-level loop into phases, one loop over the threads per
// phase (the FMA matmul); device buffers become host allocations and copies,
// and the stream's waits vanish. Sequential execution then computes what the
// threads would. Kernels calling NVVM intrinsics (mma.sync) are refused.
//
//===----------------------------------------------------------------------===//

#include "microscale/Conversion/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "llvm/ADT/MapVector.h"

namespace mlir::microscale {
#define GEN_PASS_DEF_MICROSCALEEMULATEGPUONHOST
#include "microscale/Conversion/Passes.h.inc"
} // namespace mlir::microscale

using namespace mlir;
using namespace mlir::microscale;

namespace {

/// Maps a launch's block-level arguments (ids, sizes) for one block; the
/// thread id is mapped by the caller.
void mapBlockArguments(gpu::LaunchOp launch, IRMapping &map, Value blockId,
                       Value zero) {
  gpu::KernelDim3 grid = launch.getGridSizeOperandValues();
  gpu::KernelDim3 block = launch.getBlockSizeOperandValues();
  gpu::KernelDim3 blockIds = launch.getBlockIds();
  gpu::KernelDim3 threadIds = launch.getThreadIds();
  gpu::KernelDim3 gridArgs = launch.getGridSize();
  gpu::KernelDim3 blockArgs = launch.getBlockSize();
  map.map(blockIds.x, blockId);
  map.map(blockIds.y, zero);
  map.map(blockIds.z, zero);
  map.map(threadIds.y, zero);
  map.map(threadIds.z, zero);
  map.map(gridArgs.x, grid.x);
  map.map(gridArgs.y, grid.y);
  map.map(gridArgs.z, grid.z);
  map.map(blockArgs.x, block.x);
  map.map(blockArgs.y, block.y);
  map.map(blockArgs.z, block.z);
}

/// A kernel body as the emulation runs it: `prefix` (side-effect free, so
/// that every thread loop recomputes it), then at most one `phased` loop
/// whose body the barriers cut into phases, then `epilogue`.
struct KernelShape {
  SmallVector<Operation *> prefix, epilogue;
  scf::ForOp phased;
  SmallVector<SmallVector<Operation *>> phases; // the last one ends in yield
};

FailureOr<KernelShape> analyze(gpu::LaunchOp launch) {
  KernelShape shape;
  auto hasBarrier = [](Operation *op) {
    return op->walk([](gpu::BarrierOp) { return WalkResult::interrupt(); })
        .wasInterrupted();
  };
  Block &body = launch.getBody().front();
  for (Operation &op : body.without_terminator()) {
    if (isa<LLVM::CallIntrinsicOp>(op) ||
        op.walk([](LLVM::CallIntrinsicOp) { return WalkResult::interrupt(); })
            .wasInterrupted())
      return launch.emitOpError("calls an NVVM intrinsic; it cannot run as "
                                "host loops"),
             failure();
    if (!hasBarrier(&op)) {
      if (shape.phased)
        shape.epilogue.push_back(&op);
      else
        shape.prefix.push_back(&op);
      continue;
    }
    auto loop = dyn_cast<scf::ForOp>(op);
    if (!loop || shape.phased)
      return launch.emitOpError("has a barrier outside one top-level loop; "
                                "it cannot run as host loops"),
             failure();
    shape.phased = loop;
    shape.phases.emplace_back();
    for (Operation &inner : loop.getBody()->getOperations()) {
      if (isa<gpu::BarrierOp>(inner)) {
        shape.phases.emplace_back();
        continue;
      }
      if (hasBarrier(&inner))
        return launch.emitOpError("has a nested barrier; it cannot run as "
                                  "host loops"),
               failure();
      shape.phases.back().push_back(&inner);
    }
  }
  if (shape.phased)
    for (Operation *op : shape.prefix)
      if (!isMemoryEffectFree(op))
        return launch.emitOpError("has side effects before its barriers; it "
                                  "cannot run as host loops"),
               failure();
  return shape;
}

/// Runs a kernel's threads as host loops: one loop over blocks; inside it
/// one loop over threads, or, with barriers, one per phase. Values that live
/// across a barrier (the phased loop's iteration arguments, a phase's
/// results used later) go through per-thread host buffers.
LogicalResult emulateLaunch(IRRewriter &rewriter, gpu::LaunchOp launch) {
  FailureOr<KernelShape> shape = analyze(launch);
  if (failed(shape))
    return failure();
  Location loc = launch.getLoc();
  rewriter.setInsertionPoint(launch);
  Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
  Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
  Value threads = launch.getBlockSizeOperandValues().x;
  Value threadId = launch.getThreadIds().x;
  scf::ForOp::create(
      rewriter, loc, zero, launch.getGridSizeOperandValues().x, one,
      ValueRange(), [&](OpBuilder &b, Location loc, Value blockId, ValueRange) {
        IRMapping base;
        mapBlockArguments(launch, base, blockId, zero);
        for (BlockArgument shared : launch.getWorkgroupAttributions()) {
          auto type = cast<MemRefType>(shared.getType());
          base.map(shared,
                   memref::AllocOp::create(
                       b, loc,
                       MemRefType::get(type.getShape(), type.getElementType())));
        }
        // One loop over the threads, recomputing the prefix in each.
        auto overThreads = [&](function_ref<void(OpBuilder &, IRMapping &,
                                                 Value)>
                                   body) {
          scf::ForOp::create(
              b, loc, zero, threads, one, ValueRange(),
              [&](OpBuilder &b, Location loc, Value t, ValueRange) {
                IRMapping map = base;
                map.map(threadId, t);
                for (Operation *op : shape->prefix)
                  b.clone(*op, map);
                body(b, map, t);
                scf::YieldOp::create(b, loc);
              });
        };
        if (!shape->phased) {
          overThreads([&](OpBuilder &b, IRMapping &map, Value) {
            for (Operation *op : shape->epilogue)
              b.clone(*op, map);
          });
          scf::YieldOp::create(b, loc);
          return;
        }
        scf::ForOp loop = shape->phased;
        auto spill = [&](Type type) -> Value {
          return memref::AllocOp::create(
              b, loc, MemRefType::get({ShapedType::kDynamic}, type),
              ValueRange{threads});
        };
        SmallVector<Value> iterSpills;
        for (Value init : loop.getInitArgs())
          iterSpills.push_back(spill(init.getType()));
        // Results of a phase that a later phase uses.
        llvm::MapVector<Value, Value> crossing;
        for (size_t p = 0; p < shape->phases.size(); ++p)
          for (Operation *op : shape->phases[p])
            for (Value result : op->getResults())
              for (Operation *user : result.getUsers()) {
                Operation *owner = loop.getBody()->findAncestorOpInBlock(*user);
                bool inPhase = llvm::is_contained(shape->phases[p], owner);
                if (!inPhase && !crossing.count(result))
                  crossing[result] = spill(result.getType());
              }
        overThreads([&](OpBuilder &b, IRMapping &map, Value t) {
          for (auto [init, buffer] : llvm::zip(loop.getInitArgs(), iterSpills))
            memref::StoreOp::create(b, loc, map.lookupOrDefault(init), buffer,
                                    ValueRange{t});
        });
        // The bounds are thread-invariant: constants or launch operands.
        IRMapping bounds = base;
        bounds.map(threadId, zero);
        for (Operation *op : shape->prefix)
          b.clone(*op, bounds);
        scf::ForOp::create(
            b, loc, bounds.lookupOrDefault(loop.getLowerBound()),
            bounds.lookupOrDefault(loop.getUpperBound()),
            bounds.lookupOrDefault(loop.getStep()), ValueRange(),
            [&](OpBuilder &b, Location loc, Value iv, ValueRange) {
              for (size_t p = 0; p < shape->phases.size(); ++p) {
                scf::ForOp::create(
                    b, loc, zero, threads, one, ValueRange(),
                    [&](OpBuilder &b, Location loc, Value t, ValueRange) {
                      IRMapping map = base;
                      map.map(threadId, t);
                      for (Operation *op : shape->prefix)
                        b.clone(*op, map);
                      map.map(loop.getInductionVar(), iv);
                      for (auto [arg, buffer] :
                           llvm::zip(loop.getRegionIterArgs(), iterSpills))
                        map.map(arg, memref::LoadOp::create(b, loc, buffer,
                                                            ValueRange{t}));
                      for (auto &[value, buffer] : crossing)
                        if (!llvm::is_contained(shape->phases[p],
                                                value.getDefiningOp()))
                          map.map(value, memref::LoadOp::create(
                                             b, loc, buffer, ValueRange{t}));
                      for (Operation *op : shape->phases[p]) {
                        if (auto yield = dyn_cast<scf::YieldOp>(op)) {
                          for (auto [value, buffer] :
                               llvm::zip(yield.getOperands(), iterSpills))
                            memref::StoreOp::create(
                                b, loc, map.lookupOrDefault(value), buffer,
                                ValueRange{t});
                          continue;
                        }
                        b.clone(*op, map);
                        for (Value result : op->getResults())
                          if (Value buffer = crossing.lookup(result))
                            memref::StoreOp::create(b, loc, map.lookup(result),
                                                    buffer, ValueRange{t});
                      }
                      scf::YieldOp::create(b, loc);
                    });
              }
              scf::YieldOp::create(b, loc);
            });
        overThreads([&](OpBuilder &b, IRMapping &map, Value t) {
          for (auto [result, buffer] : llvm::zip(loop.getResults(), iterSpills))
            map.map(result,
                    memref::LoadOp::create(b, loc, buffer, ValueRange{t}));
          for (Operation *op : shape->epilogue)
            b.clone(*op, map);
        });
        scf::YieldOp::create(b, loc);
      });
  return success();
}

} // namespace

namespace {

struct EmulateGPUOnHostPass
    : public ::mlir::microscale::impl::MicroscaleEmulateGPUOnHostBase<
          EmulateGPUOnHostPass> {
  void runOnOperation() override {
    SmallVector<Operation *> ops;
    getOperation().walk([&](Operation *op) {
      if (isa<gpu::LaunchOp, gpu::AllocOp, gpu::MemcpyOp, gpu::DeallocOp,
              gpu::WaitOp>(op))
        ops.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (Operation *op : ops) {
      rewriter.setInsertionPoint(op);
      Location loc = op->getLoc();
      if (auto launch = dyn_cast<gpu::LaunchOp>(op)) {
        if (failed(emulateLaunch(rewriter, launch)))
          return signalPassFailure();
      } else if (auto alloc = dyn_cast<gpu::AllocOp>(op)) {
        Value host = memref::AllocOp::create(rewriter, loc, alloc.getType(),
                                             alloc.getDynamicSizes());
        alloc.getMemref().replaceAllUsesWith(host);
      } else if (auto copy = dyn_cast<gpu::MemcpyOp>(op)) {
        memref::CopyOp::create(rewriter, loc, copy.getSrc(), copy.getDst());
      } else if (auto dealloc = dyn_cast<gpu::DeallocOp>(op)) {
        memref::DeallocOp::create(rewriter, loc, dealloc.getMemref());
      }
    }
    // The stream's tokens only order the ops above, all gone now.
    for (Operation *op : llvm::reverse(ops)) {
      op->dropAllUses();
      rewriter.eraseOp(op);
    }
  }
};

} // namespace
