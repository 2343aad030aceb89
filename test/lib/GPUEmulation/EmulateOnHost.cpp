//===- EmulateOnHost.cpp - run gpu.launch kernels as host loops ----------===//
//
// For testing the GPU kernels on a machine without a GPU: every `gpu.launch`
// becomes a loop over its blocks around one loop over its threads, or, when
// barriers cut one top-level loop into phases, one loop over the threads per
// phase (the matmuls); device buffers become host allocations and copies,
// and the stream's waits vanish. Sequential execution then computes what the
// threads would. The E4M3 mma.sync and sm_120a's block-scaled mma.sync
// (EmulateBlockScaleMma.cpp) are computed per warp from their lanes'
// fragments, by the PTX ISA's layouts; the FP4 / UE8M0 converts become the
// software codecs (EmulateConverts.cpp); any other intrinsic is refused.
//
//===----------------------------------------------------------------------===//

#include "EmulateBlockScaleMma.h"
#include "EmulateConverts.h"
#include "IndexArith.h"

#include "microscale/Conversion/Codecs/ElementCodecs.h"
#include "microscale/Pipelines/HostLowering.h"
#include "microscale/Pipelines/Pipelines.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

#include "llvm/ADT/MapVector.h"

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
  /// Phases that are one warp-wide mma.sync (E4M3 m16n8k32) each.
  llvm::SmallDenseSet<size_t> warpPhases;
};

constexpr llvm::StringLiteral kMmaIntrinsic =
    "llvm.nvvm.mma.m16n8k32.row.col.f32.e4m3.e4m3.f32";

bool isMma(Operation *op) {
  if (isa<NVVM::MmaBlockScaleOp>(op))
    return true;
  auto call = dyn_cast<LLVM::CallIntrinsicOp>(op);
  return call && call.getIntrin() == kMmaIntrinsic;
}

FailureOr<KernelShape> analyze(gpu::LaunchOp launch) {
  KernelShape shape;
  auto hasBarrier = [](Operation *op) {
    return op->walk([](gpu::BarrierOp) { return WalkResult::interrupt(); })
        .wasInterrupted();
  };
  Block &body = launch.getBody().front();
  // NVVM dialect ops (the Blackwell kernels' MMAs and converts) are
  // intrinsics too.
  auto callsIntrinsic = [](Operation *op) {
    return op
        ->walk([](Operation *inner) {
          return isa<LLVM::CallIntrinsicOp>(inner) ||
                         isa<NVVM::NVVMDialect>(inner->getDialect())
                     ? WalkResult::interrupt()
                     : WalkResult::advance();
        })
        .wasInterrupted();
  };
  auto unsupported = [&]() {
    return launch.emitOpError("calls an NVVM intrinsic other than a top-level "
                              "E4M3 mma.sync between barriers; it cannot run "
                              "as host loops"),
           failure();
  };
  for (Operation &op : body.without_terminator()) {
    if (!hasBarrier(&op) && callsIntrinsic(&op))
      return unsupported();
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
      if (isMma(&inner)) {
        // A phase of its own: every lane's fragments are ready before it.
        shape.warpPhases.insert(shape.phases.size());
        shape.phases.push_back({&inner});
        shape.phases.emplace_back();
        continue;
      }
      if (callsIntrinsic(&inner))
        return unsupported();
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

/// One warp-wide E4M3 mma.sync for every warp of the block: lane l's
/// results d_i = c_i + sum_k A[row][k] B[k][col] from the fragments all the
/// warp's lanes hold (PTX ISA, mma.m16n8k32 with 8-bit elements: A element
/// (row, k) in register (k / 16) * 2 + row / 8 of lane (row % 8) * 4 +
/// (k % 16) / 4, byte k % 4; B element (k, n) in register k / 16 of lane
/// n * 4 + (k % 16) / 4; D element i of lane l at row l / 4 + 8 * (i / 2),
/// column (l % 4) * 2 + i % 2). Every operand lives in a per-thread buffer.
LogicalResult emulateMma(OpBuilder &b, Location loc, LLVM::CallIntrinsicOp call,
                         Value threads,
                         const llvm::MapVector<Value, Value> &crossing,
                         ArrayRef<Value> results) {
  SmallVector<Value> operands;
  for (Value operand : call.getArgs()) {
    Value buffer = crossing.lookup(operand);
    if (!buffer)
      return call.emitOpError("has an operand not computed in an earlier "
                              "phase; it cannot run as host loops");
    operands.push_back(buffer);
  }
  nvvm::IndexArith ix{b, loc};
  // Byte `slot` of register `reg` (one of `regs`) of thread `thread`, as f32.
  auto element = [&](OpBuilder &b, ArrayRef<Value> regs, Value reg,
                     Value thread, Value slot) -> Value {
    Value byte =
        nvvm::registerField(b, loc, regs, reg, thread, ix.mul(slot, 8), 8);
    return CodecBuilder(b, loc).decode(formats::Format::E4M3, byte);
  };
  ArrayRef<Value> aRegs = ArrayRef<Value>(operands).slice(0, 4);
  ArrayRef<Value> bRegs = ArrayRef<Value>(operands).slice(4, 2);
  ArrayRef<Value> cRegs = ArrayRef<Value>(operands).slice(6, 4);
  Value one = ix.c(1);
  scf::ForOp::create(
      b, loc, ix.c(0), ix.div(threads, 32), one, ValueRange(),
      [&](OpBuilder &b, Location loc, Value warp, ValueRange) {
        scf::ForOp::create(
            b, loc, ix.c(0), ix.c(32), one, ValueRange(),
            [&](OpBuilder &b, Location loc, Value lane, ValueRange) {
              Value first = ix.mul(warp, 32);
              Value thread = ix.add(first, lane);
              for (int64_t i = 0; i < 4; ++i) {
                Value row = ix.add(ix.div(lane, 4), ix.c(8 * (i / 2)));
                Value col = ix.add(ix.mul(ix.rem(lane, 4), 2), ix.c(i % 2));
                Value init = memref::LoadOp::create(b, loc, cRegs[i],
                                                    ValueRange{thread});
                auto sum = scf::ForOp::create(
                    b, loc, ix.c(0), ix.c(32), one, ValueRange{init},
                    [&](OpBuilder &b, Location loc, Value k, ValueRange acc) {
                      Value kLow = ix.div(ix.rem(k, 16), 4);
                      Value aLane = ix.add(ix.mul(ix.rem(row, 8), 4), kLow);
                      Value aReg =
                          ix.add(ix.mul(ix.div(k, 16), 2), ix.div(row, 8));
                      Value bLane = ix.add(ix.mul(col, 4), kLow);
                      Value x = element(b, aRegs, aReg, ix.add(first, aLane),
                                        ix.rem(k, 4));
                      Value y = element(b, bRegs, ix.div(k, 16),
                                        ix.add(first, bLane), ix.rem(k, 4));
                      Value product = arith::MulFOp::create(b, loc, x, y);
                      scf::YieldOp::create(b, loc,
                                           ValueRange{arith::AddFOp::create(
                                               b, loc, acc[0], product)});
                    });
                memref::StoreOp::create(b, loc, sum.getResult(0), results[i],
                                        ValueRange{thread});
              }
              scf::YieldOp::create(b, loc);
            });
        scf::YieldOp::create(b, loc);
      });
  return success();
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
  LogicalResult status = success();
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
          base.map(shared, memref::AllocOp::create(
                               b, loc,
                               MemRefType::get(type.getShape(),
                                               type.getElementType())));
        }
        // One loop over the threads, recomputing the prefix in each.
        auto overThreads =
            [&](OpBuilder &b,
                function_ref<void(OpBuilder &, IRMapping &, Value)> body) {
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
          overThreads(b, [&](OpBuilder &b, IRMapping &map, Value) {
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
        // Results of a phase that a later phase uses; an mma's four f32
        // results per lane go to buffers of their own.
        llvm::MapVector<Value, Value> crossing;
        llvm::DenseMap<Value, SmallVector<Value>> mmaResults;
        for (size_t p = 0; p < shape->phases.size(); ++p)
          for (Operation *op : shape->phases[p])
            for (Value result : op->getResults()) {
              if (isMma(op)) {
                for (int i = 0; i < 4; ++i)
                  mmaResults[result].push_back(spill(b.getF32Type()));
                continue;
              }
              for (Operation *user : result.getUsers()) {
                Operation *owner = loop.getBody()->findAncestorOpInBlock(*user);
                bool inPhase = llvm::is_contained(shape->phases[p], owner);
                if (!inPhase && !crossing.count(result))
                  crossing[result] = spill(result.getType());
              }
            }
        overThreads(b, [&](OpBuilder &b, IRMapping &map, Value t) {
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
                if (shape->warpPhases.contains(p)) {
                  Operation *mma = shape->phases[p][0];
                  ArrayRef<Value> results = mmaResults[mma->getResult(0)];
                  if (auto call = dyn_cast<LLVM::CallIntrinsicOp>(mma)) {
                    if (failed(emulateMma(b, loc, call, threads, crossing,
                                          results)))
                      status = failure();
                    continue;
                  }
                  // Block-scaled: operands from earlier phases or the
                  // loop's iteration arguments (the accumulators).
                  auto buffer = [&](Value v) -> Value {
                    if (Value held = crossing.lookup(v))
                      return held;
                    for (auto [arg, spilled] :
                         llvm::zip(loop.getRegionIterArgs(), iterSpills))
                      if (arg == v)
                        return spilled;
                    return Value();
                  };
                  if (failed(nvvm::emulateBlockScaleMma(
                          b, loc, cast<NVVM::MmaBlockScaleOp>(mma), threads,
                          buffer, results)))
                    status = failure();
                  continue;
                }
                overThreads(b, [&](OpBuilder &b, IRMapping &map, Value t) {
                  map.map(loop.getInductionVar(), iv);
                  for (auto [arg, buffer] :
                       llvm::zip(loop.getRegionIterArgs(), iterSpills))
                    map.map(arg, memref::LoadOp::create(b, loc, buffer,
                                                        ValueRange{t}));
                  for (auto &[value, buffer] : crossing)
                    if (!llvm::is_contained(shape->phases[p],
                                            value.getDefiningOp()))
                      map.map(value, memref::LoadOp::create(b, loc, buffer,
                                                            ValueRange{t}));
                  for (auto &[value, buffers] : mmaResults) {
                    // The struct the mma returned, rebuilt.
                    Value rebuilt =
                        LLVM::PoisonOp::create(b, loc, value.getType());
                    for (auto [i, buffer] : llvm::enumerate(buffers))
                      rebuilt = LLVM::InsertValueOp::create(
                          b, loc, rebuilt,
                          memref::LoadOp::create(b, loc, buffer, ValueRange{t}),
                          ArrayRef<int64_t>{static_cast<int64_t>(i)});
                    map.map(value, rebuilt);
                  }
                  for (Operation *op : shape->phases[p]) {
                    if (auto yield = dyn_cast<scf::YieldOp>(op)) {
                      for (auto [value, buffer] :
                           llvm::zip(yield.getOperands(), iterSpills))
                        memref::StoreOp::create(b, loc,
                                                map.lookupOrDefault(value),
                                                buffer, ValueRange{t});
                      continue;
                    }
                    b.clone(*op, map);
                    for (Value result : op->getResults())
                      if (Value buffer = crossing.lookup(result))
                        memref::StoreOp::create(b, loc, map.lookup(result),
                                                buffer, ValueRange{t});
                  }
                });
              }
              scf::YieldOp::create(b, loc);
            });
        overThreads(b, [&](OpBuilder &b, IRMapping &map, Value t) {
          for (auto [result, buffer] : llvm::zip(loop.getResults(), iterSpills))
            map.map(result,
                    memref::LoadOp::create(b, loc, buffer, ValueRange{t}));
          for (Operation *op : shape->epilogue)
            b.clone(*op, map);
        });
        scf::YieldOp::create(b, loc);
      });
  return status;
}

} // namespace

namespace {

struct EmulateGPUOnHostPass
    : public PassWrapper<EmulateGPUOnHostPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(EmulateGPUOnHostPass)

  StringRef getArgument() const final {
    return "test-microscale-emulate-gpu-on-host";
  }
  StringRef getDescription() const final {
    return "Run gpu.launch kernels as host loops (testing without a GPU)";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<arith::ArithDialect, memref::MemRefDialect,
                    scf::SCFDialect>();
  }

  void runOnOperation() override {
    nvvm::emulateHardwareConverts(getOperation());
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
      }
      // gpu.dealloc goes with the other ops: the emulated device buffers
      // are host allocations that the deallocation pipeline frees, as it
      // frees the workgroup and spill buffers of the emulated launches.
    }
    // The stream's tokens only order the ops above, all gone now.
    for (Operation *op : llvm::reverse(ops)) {
      op->dropAllUses();
      rewriter.eraseOp(op);
    }
  }
};

} // namespace

namespace mlir::microscale::test {

/// Registers `test-microscale-emulate-gpu-on-host` and
/// `test-microscale-gpu-emulation-pipeline`: the GPU pipeline's kernels run
/// as host loops, for mlir-runner on a machine without a GPU.
void registerTestGPUEmulation() {
  PassRegistration<EmulateGPUOnHostPass>();
  PassPipelineRegistration<GPUPipelineOptions>(
      "test-microscale-gpu-emulation-pipeline",
      "microscale-gpu-pipeline's kernels emulated on the host, lowered to "
      "the LLVM dialect for mlir-runner (testing without a GPU)",
      [](OpPassManager &pm, const GPUPipelineOptions &options) {
        buildGPUKernelPasses(pm, options);
        pm.addPass(std::make_unique<EmulateGPUOnHostPass>());
        pm.addPass(createCanonicalizerPass());
        pm.addPass(createCSEPass());
        buildBufferizationPasses(pm);
        buildHostToLLVMPasses(pm, HostLoweringOptions());
      });
}

} // namespace mlir::microscale::test
