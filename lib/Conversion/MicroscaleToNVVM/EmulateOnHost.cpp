//===- EmulateOnHost.cpp - run barrier-free gpu.launch kernels as host loops
//===//
//
// For testing the GPU kernels on a machine without a GPU: every `gpu.launch`
// becomes two `scf.for` loops (blocks, then threads) around its body, device
// buffers become host allocations and copies, and the stream's waits vanish.
// Sequential execution is exact for kernels whose threads do not talk to each
// other (quantize, dequantize, requantize; atomic max included); a kernel with
// a barrier or shared memory (matmul) is refused with a diagnostic.
//
//===----------------------------------------------------------------------===//

#include "microscale/Conversion/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::microscale {
#define GEN_PASS_DEF_MICROSCALEEMULATEGPUONHOST
#include "microscale/Conversion/Passes.h.inc"
} // namespace mlir::microscale

using namespace mlir;
using namespace mlir::microscale;

namespace {

LogicalResult emulateLaunch(IRRewriter &rewriter, gpu::LaunchOp launch) {
  bool communicates =
      launch.getNumWorkgroupAttributions() != 0 ||
      launch.getBody()
          .walk([](gpu::BarrierOp) { return WalkResult::interrupt(); })
          .wasInterrupted();
  if (communicates)
    return launch.emitOpError(
        "has threads that communicate (barrier or shared memory); it cannot "
        "run as sequential host loops");
  Location loc = launch.getLoc();
  rewriter.setInsertionPoint(launch);
  Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
  Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
  gpu::KernelDim3 grid = launch.getGridSizeOperandValues();
  gpu::KernelDim3 block = launch.getBlockSizeOperandValues();
  Block &body = launch.getBody().front();
  scf::ForOp::create(
      rewriter, loc, zero, grid.x, one, ValueRange(),
      [&](OpBuilder &b, Location loc, Value blockId, ValueRange) {
        scf::ForOp::create(
            b, loc, zero, block.x, one, ValueRange(),
            [&](OpBuilder &b, Location loc, Value threadId, ValueRange) {
              IRMapping map;
              gpu::KernelDim3 blockIds = launch.getBlockIds();
              gpu::KernelDim3 threadIds = launch.getThreadIds();
              gpu::KernelDim3 gridArgs = launch.getGridSize();
              gpu::KernelDim3 blockArgs = launch.getBlockSize();
              map.map(blockIds.x, blockId);
              map.map(blockIds.y, zero);
              map.map(blockIds.z, zero);
              map.map(threadIds.x, threadId);
              map.map(threadIds.y, zero);
              map.map(threadIds.z, zero);
              map.map(gridArgs.x, grid.x);
              map.map(gridArgs.y, grid.y);
              map.map(gridArgs.z, grid.z);
              map.map(blockArgs.x, block.x);
              map.map(blockArgs.y, block.y);
              map.map(blockArgs.z, block.z);
              for (Operation &op : body.without_terminator())
                b.clone(op, map);
              scf::YieldOp::create(b, loc);
            });
        scf::YieldOp::create(b, loc);
      });
  return success();
}

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
