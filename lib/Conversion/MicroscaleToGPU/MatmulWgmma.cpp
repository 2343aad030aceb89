//===- MatmulWgmma.cpp - sm_90a matmul on wgmma.mma_async with TMA
//---------===//
//
// One CTA of two warpgroups (256 threads) computes a 128 x 128 tile of C;
// warpgroup g the rows 64 g .. 64 g + 63 with
// `wgmma.mma_async.sync.aligned.m64n128k32.f32.e4m3.e4m3`:
//
//  - an operand stored as E4M3 in blocks of 32 (MXFP8) comes by TMA
//    (`cp.async.bulk.tensor`, tensor maps made on the host through the
//    runtime's mgpuTensorMapEncodeTiledMemref, 128-byte swizzle, zero fill
//    past M, N and K) into a ring of kStages stages of 128 rows x 128 bytes
//    per operand in dynamic shared memory, each stage completing on its own
//    mbarrier (arrive.expect_tx by thread 0, the copies' bytes as
//    transactions). Thread 0 fills the ring ahead and refills a stage as
//    soon as all threads have passed it;
//  - an operand of another E4M3-representable format (E2M1, E2M3, E3M2:
//    MXFP4, MXFP6, NVFP4) is upcast exactly to E4M3 by the threads into the
//    stage, at the positions the 128-byte swizzle gives, and handed to the
//    tensor cores' proxy with `fence.proxy.async.shared::cta`. With blocks
//    of 16 (NVFP4) each 32-byte K slice of a row holds one block and 16
//    zero bytes, so that one wgmma still sums one K-block;
//  - per stage the threads stage the four K-blocks' scales of the tile's
//    rows and columns as f32 in shared memory (0 past M, N and K);
//  - each K-block (32 elements: one wgmma along K) is summed by the tensor
//    cores into a fresh accumulator (scale-d = 0), then scaled by sa * sb in
//    f32 and added to the running sums (Numerics §4), as the mma.sync kernel
//    does; the descriptors (WgmmaLayout.h) step 32 bytes into the swizzled
//    rows per K-block;
//  - the epilogue maps each register to its element of C (the m64nNk32
//    accumulator fragment), applies the accumulator input and stores within
//    M x N.
//
// Taken for every pairing of E4M3-representable elements in blocks of 16 or
// 32 (wgmmaFP8Takes); other block sizes stay on the mma.sync kernel. No GPU
// has run this kernel (docs/GPU.md).
//
//===----------------------------------------------------------------------===//

#include "DeviceSession.h"
#include "Matmul.h"
#include "RawSharedKernel.h"

#include "microscale/Conversion/Codecs/ElementCodecs.h"
#include "microscale/Conversion/MicroscaleToGPU/GPUTarget.h"
#include "microscale/Target/NVIDIA/WgmmaLayout.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace mlir::microscale;
using namespace mlir::microscale::nvvm;
namespace nvidia = ::microscale::nvidia;

namespace {

constexpr int64_t kWarpgroups = 2;
constexpr int64_t kThreads = 128 * kWarpgroups;
constexpr int64_t kTileM = 64 * kWarpgroups;
constexpr int64_t kTileN = 128;
/// Bytes of K per stage: one 128-byte swizzled row of each operand.
constexpr int64_t kStageK = 128;
constexpr int64_t kBlockK = 32; // bytes of K per wgmma: one K-block
constexpr int64_t kBlocksPerStage = kStageK / kBlockK;
constexpr int64_t kStages = 4;
constexpr int64_t kOperandBytes = kTileM * kStageK; // == kTileN * kStageK
constexpr int64_t kStageBytes = 2 * kOperandBytes;  // A, then B
constexpr int64_t kBarriers = kStages * kStageBytes;
/// The ring and the barriers, plus the slack that aligns the ring to the
/// 1024 bytes of the swizzle pattern.
constexpr int64_t kDynamicSharedBytes =
    kBarriers + 8 * kStages + nvidia::kSwizzle128BPatternBytes;
constexpr int64_t kAccumulators = kTileN / 2; // f32 registers per thread

namespace formats = ::microscale::formats;

formats::Format elementOf(const MatmulOperand &operand) {
  return operand.quantized->getScheme().toFormats().element;
}

/// Whether an operand's storage is what wgmma reads: E4M3 bytes with one
/// K-block per 32 of them. Those come by TMA; the others are upcast.
bool comesByTma(const MatmulOperand &operand) {
  return elementOf(operand) == formats::Format::E4M3 &&
         operand.quantized->getBlockSize() == kBlockK;
}

/// The bits of every operand descriptor but the start address.
uint64_t descriptorTemplate() {
  uint64_t bits = 0;
  nvidia::Status status = nvidia::encodeWgmmaKMajorSwizzle128B(0, 0, bits);
  (void)status;
  assert(status.ok() && "constant descriptor fields are valid");
  return bits;
}

/// The host side: a tensor map of an operand's E4M3 bytes, rows x K, read
/// in boxes of 128 rows x 128 bytes with the 128-byte swizzle.
Value makeTensorMap(OpBuilder &b, Location loc, const MatmulOperand &operand,
                    int64_t k) {
  MLIRContext *context = b.getContext();
  Type i8 = b.getI8Type();
  auto twoD =
      MemRefType::get({ShapedType::kDynamic, k}, i8,
                      StridedLayoutAttr::get(context, /*offset=*/0, {k, 1}));
  Value view = memref::ReinterpretCastOp::create(
      b, loc, twoD, operand.quantized->data, /*offset=*/b.getIndexAttr(0),
      /*sizes=*/ArrayRef<OpFoldResult>{operand.rows, b.getIndexAttr(k)},
      /*strides=*/ArrayRef<OpFoldResult>{b.getIndexAttr(k), b.getIndexAttr(1)});
  Value unranked = memref::CastOp::create(
      b, loc, UnrankedMemRefType::get(i8, Attribute()), view);
  auto box = MemRefType::get(
      {kTileN, kStageK}, i8, MemRefLayoutAttrInterface(),
      gpu::AddressSpaceAttr::get(context, gpu::AddressSpace::Workgroup));
  auto type = nvgpu::TensorMapDescriptorType::get(
      context, box, nvgpu::TensorMapSwizzleKind::SWIZZLE_128B,
      nvgpu::TensorMapL2PromoKind::L2PROMO_256B,
      nvgpu::TensorMapOOBKind::OOB_ZERO,
      nvgpu::TensorMapInterleaveKind::INTERLEAVE_NONE);
  Value map = nvgpu::TmaCreateDescriptorOp::create(
      b, loc, type, unranked,
      ValueRange{indexConstant(b, loc, kTileN),
                 indexConstant(b, loc, kStageK)});
  // Kernels take the map as the pointer to it that the runtime returns.
  return UnrealizedConversionCastOp::create(
             b, loc, TypeRange{LLVM::LLVMPointerType::get(context)},
             ValueRange{map})
      .getResult(0);
}

/// Emits the kernel body; one instance per launch.
class WgmmaKernel : RawSharedKernel {
public:
  WgmmaKernel(OpBuilder &b, Location loc, const MatmulProblem &problem,
              Value block, Value thread, Value tilesN, Value mapA, Value mapB,
              Value scalesA, Value scalesB)
      : RawSharedKernel(b, loc), problem(problem), thread(thread), mapA(mapA),
        mapB(mapB), scalesA(scalesA), scalesB(scalesB) {
    rowStart = mul(arith::DivUIOp::create(b, loc, block, tilesN), idx(kTileM));
    colStart = mul(arith::RemUIOp::create(b, loc, block, tilesN), idx(kTileN));
    warpgroup = arith::DivUIOp::create(b, loc, thread, idx(128));
    Value inGroup = arith::RemUIOp::create(b, loc, thread, idx(128));
    Value lane = arith::RemUIOp::create(b, loc, inGroup, idx(32));
    warpRow = mul(arith::DivUIOp::create(b, loc, inGroup, idx(32)), idx(16));
    group = arith::DivUIOp::create(b, loc, lane, idx(4));
    tig = arith::RemUIOp::create(b, loc, lane, idx(4));
    auto dynamic = gpu::DynamicSharedMemoryOp::create(
        b, loc,
        MemRefType::get({ShapedType::kDynamic}, b.getI8Type(),
                        MemRefLayoutAttrInterface(),
                        gpu::AddressSpaceAttr::get(
                            b.getContext(), gpu::AddressSpace::Workgroup)));
    ring = alignedWindowAddress(dynamic, nvidia::kSwizzle128BPatternBytes);
  }

  void emit();

private:
  /// The CTA's shared memory as seen in its cluster (of one): the window
  /// that PTX 8.4's cp.async.bulk.tensor writes to.
  Value clusterPtr(Value address) {
    return LLVM::AddrSpaceCastOp::create(
        b, loc, LLVM::LLVMPointerType::get(b.getContext(), 7),
        sharedPtr(address));
  }
  /// The shared address of stage `slot` (index) plus `offset` bytes.
  Value stageAddress(Value slot, int64_t offset) {
    return add32(add(ring, mul32(toI32(slot), kStageBytes)), offset);
  }
  Value barrier(Value slot) {
    return sharedPtr(add32(add(ring, mul32(toI32(slot), 8)), kBarriers));
  }
  /// Runs `body` in thread 0 only.
  void inThreadZero(Value condition, function_ref<void()> body) {
    Value first =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, thread, idx(0));
    if (condition)
      first = arith::AndIOp::create(b, loc, first, condition);
    scf::IfOp::create(b, loc, first, [&](OpBuilder &nb, Location) {
      inside(nb, body);
      scf::YieldOp::create(nb, loc);
    });
  }

  void issueLoads(Value tile, Value slot);
  void upcastOperand(const MatmulOperand &operand, Value start, Value tile,
                     Value slot, int64_t offset);
  void stageScales(Value tile);
  int64_t blockSize() const { return problem.a.quantized->getBlockSize(); }
  /// Bytes of each operand that TMA brings per stage.
  int64_t tmaBytes() const {
    return kOperandBytes *
           (int64_t(comesByTma(problem.a)) + int64_t(comesByTma(problem.b)));
  }
  Value descriptor(Value address);
  SmallVector<Value> multiplyBlock(Value slot, int64_t block,
                                   ArrayRef<Value> sums);
  void epilogue(ValueRange sums);

  const MatmulProblem &problem;
  Value thread, mapA, mapB, scalesA, scalesB;
  Value rowStart, colStart, warpgroup, warpRow, group, tig, ring;
};

void WgmmaKernel::issueLoads(Value tile, Value slot) {
  Value bar = barrier(slot);
  NVVM::MBarrierArriveExpectTxOp::create(b, loc, Type(), bar, i32(tmaBytes()),
                                         NVVM::MemScopeKind::CTA,
                                         /*relaxed=*/false, Value());
  Value k0 = toI32(mul(tile, idx(kStageK)));
  for (auto [map, offset, start] :
       {std::tuple{mapA, int64_t(0), rowStart},
        std::tuple{mapB, kOperandBytes, colStart}}) {
    if (!map)
      continue;
    NVVM::CpAsyncBulkTensorGlobalToSharedClusterOp::create(
        b, loc, clusterPtr(stageAddress(slot, offset)), map,
        ValueRange{k0, toI32(start)}, bar, ValueRange(), Value(), Value(),
        NVVM::TMALoadMode::TILE, /*isCTAOnly=*/false, NVVM::CTAGroupKindAttr(),
        Value());
  }
}

void WgmmaKernel::upcastOperand(const MatmulOperand &operand, Value start,
                                Value tile, Value slot, int64_t offset) {
  // Entry (r, w): the 32-bit word of bytes 4w .. 4w + 3 of row r of the
  // stage, inside one 16-byte chunk, so one store at its swizzled place.
  const DeviceQuantized &q = *operand.quantized;
  int64_t block = blockSize();
  int64_t stageElements = kBlocksPerStage * block;
  Value base = stageAddress(slot, offset);
  stageRows(
      b, loc, operand, kTileN, kStageK / 4, start, thread, kThreads,
      [&](OpBuilder &b, Location loc, Value row, Value w) -> Value {
        auto c = [&](int64_t v) { return indexConstant(b, loc, v); };
        Value byte = arith::MulIOp::create(b, loc, w, c(4));
        // Blocks of 16 fill the first half of their 32-byte slice.
        Value slice = arith::DivUIOp::create(b, loc, byte, c(kBlockK));
        Value within = arith::RemUIOp::create(b, loc, byte, c(kBlockK));
        Value first = arith::AddIOp::create(
            b, loc,
            arith::AddIOp::create(
                b, loc, arith::MulIOp::create(b, loc, tile, c(stageElements)),
                arith::MulIOp::create(b, loc, slice, c(block))),
            within);
        Value inBlock = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                              within, c(block));
        Value inK = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                          first, c(problem.k));
        Value valid = arith::AndIOp::create(b, loc, inBlock, inK);
        Value safe = arith::SelectOp::create(b, loc, valid, first, c(0));
        CodecBuilder codec(b, loc);
        Type i32Type = b.getI32Type();
        Value word;
        for (int64_t j = 0; j < 4; ++j) {
          Value col = arith::AddIOp::create(b, loc, safe, c(j));
          Value shifted =
              arith::ShLIOp::create(b, loc, q.loadE4M3Code(b, loc, row, col),
                                    codec.i32(i32Type, 8 * j));
          word = word ? arith::OrIOp::create(b, loc, word, shifted) : shifted;
        }
        return arith::SelectOp::create(b, loc, valid, word,
                                       codec.i32(i32Type, 0));
      },
      b.getI32IntegerAttr(0),
      [&](OpBuilder &nb, Location, Value r, Value w, Value word) {
        inside(nb, [&] {
          // swizzle128BOffset(r, 4w) of WgmmaLayout.h: row r * 128, chunk
          // (w / 4) ^ (r % 8), byte 4 (w % 4) of the chunk.
          Value r32 = toI32(r), w32 = toI32(w);
          Value chunk = arith::XOrIOp::create(
              b, loc, arith::DivUIOp::create(b, loc, w32, i32(4)),
              arith::RemUIOp::create(b, loc, r32, i32(8)));
          Value at =
              add(add(base, mul32(r32, nvidia::kSwizzle128BRowBytes)),
                  add(mul32(chunk, 16),
                      mul32(arith::RemUIOp::create(b, loc, w32, i32(4)), 4)));
          LLVM::StoreOp::create(b, loc, word, sharedPtr(at));
        });
      });
}

void WgmmaKernel::stageScales(Value tile) {
  int64_t blocks = problem.k / blockSize();
  for (auto [operand, buffer, start] :
       {std::tuple{&problem.a, scalesA, rowStart},
        std::tuple{&problem.b, scalesB, colStart}}) {
    const DeviceQuantized &q = *operand->quantized;
    stageTile(
        b, loc, *operand, buffer, kTileN, kBlocksPerStage, start, thread,
        kThreads,
        [&](OpBuilder &b, Location loc, Value row, Value j) -> Value {
          // Blocks past K (the last stage's) scale zeros: 0.
          Value block = arith::AddIOp::create(
              b, loc,
              arith::MulIOp::create(b, loc, tile,
                                    indexConstant(b, loc, kBlocksPerStage)),
              j);
          Value inside =
              arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, block,
                                    indexConstant(b, loc, blocks));
          Value safe = arith::SelectOp::create(b, loc, inside, block,
                                               indexConstant(b, loc, 0));
          Value scale =
              q.scaleValue(b, loc, q.loadScaleCode(b, loc, row, safe));
          Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0));
          return arith::SelectOp::create(b, loc, inside, scale, zero);
        },
        b.getF32FloatAttr(0));
  }
}

Value WgmmaKernel::descriptor(Value address) {
  // Start address field: bits 4..17 of the byte address.
  Value field = arith::ExtUIOp::create(
      b, loc, b.getI64Type(),
      arith::AndIOp::create(b, loc,
                            arith::ShRUIOp::create(b, loc, address, i32(4)),
                            i32(0x3FFF)));
  Value fixed = arith::ConstantOp::create(
      b, loc, b.getI64IntegerAttr(static_cast<int64_t>(descriptorTemplate())));
  return arith::OrIOp::create(b, loc, fixed, field);
}

SmallVector<Value> WgmmaKernel::multiplyBlock(Value slot, int64_t block,
                                              ArrayRef<Value> sums) {
  MLIRContext *context = b.getContext();
  Type f32 = b.getF32Type();
  // This warpgroup's 64 rows of A; all 128 rows (columns of C) of B; the
  // block's 32 bytes into the swizzled rows.
  Value aStart = add(stageAddress(slot, block * kBlockK),
                     mul32(toI32(warpgroup), 64 * kStageK));
  Value bStart = stageAddress(slot, kOperandBytes + block * kBlockK);
  auto accType = LLVM::LLVMStructType::getLiteral(
      context, SmallVector<Type>(kAccumulators, f32));
  NVVM::WgmmaFenceAlignedOp::create(b, loc);
  Value acc = NVVM::WgmmaMmaAsyncOp::create(
      b, loc, accType, LLVM::UndefOp::create(b, loc, accType),
      descriptor(aStart), descriptor(bStart),
      NVVM::MMAShapeAttr::get(context, 64, kTileN, kBlockK),
      NVVM::WGMMATypesAttr::get(context, NVVM::WGMMATypes::e4m3),
      NVVM::WGMMATypesAttr::get(context, NVVM::WGMMATypes::e4m3),
      NVVM::WGMMATypesAttr::get(context, NVVM::WGMMATypes::f32),
      NVVM::WGMMAScaleOutAttr::get(context, NVVM::WGMMAScaleOut::zero),
      NVVM::WGMMAScaleInAttr::get(context, NVVM::WGMMAScaleIn::one),
      NVVM::WGMMAScaleInAttr::get(context, NVVM::WGMMAScaleIn::one),
      NVVM::MMALayoutAttr::get(context, NVVM::MMALayout::row),
      NVVM::MMALayoutAttr::get(context, NVVM::MMALayout::col),
      NVVM::MMAIntOverflowAttr());
  NVVM::WgmmaGroupSyncAlignedOp::create(b, loc);
  NVVM::WgmmaWaitGroupSyncOp::create(b, loc, b.getI64IntegerAttr(0));

  // Register i: row warpRow + group + 8 ((i / 2) % 2) of the warpgroup's
  // 64, column 8 (i / 4) + 2 tig + i % 2 (WgmmaLayout.h).
  Value blockIndex = idx(block);
  Value rowBase = add(mul(warpgroup, idx(64)), add(warpRow, group));
  Value sa[2] = {
      memref::LoadOp::create(b, loc, scalesA, ValueRange{rowBase, blockIndex}),
      memref::LoadOp::create(b, loc, scalesA,
                             ValueRange{add(rowBase, idx(8)), blockIndex})};
  SmallVector<Value> next(sums.begin(), sums.end());
  for (int64_t i = 0; i < kAccumulators; i += 2) {
    for (int64_t c = 0; c < 2; ++c) {
      Value col = add(mul(tig, idx(2)), idx(8 * (i / 4) + c));
      Value sb =
          memref::LoadOp::create(b, loc, scalesB, ValueRange{col, blockIndex});
      int64_t reg = i + c;
      Value d =
          LLVM::ExtractValueOp::create(b, loc, acc, ArrayRef<int64_t>{reg});
      Value scale = arith::MulFOp::create(b, loc, sa[(reg / 2) % 2], sb);
      next[reg] = arith::AddFOp::create(
          b, loc, next[reg], arith::MulFOp::create(b, loc, d, scale));
    }
  }
  return next;
}

void WgmmaKernel::epilogue(ValueRange sums) {
  Value rowBase =
      add(rowStart, add(mul(warpgroup, idx(64)), add(warpRow, group)));
  Value colBase = add(colStart, mul(tig, idx(2)));
  for (int64_t reg = 0; reg < kAccumulators; ++reg) {
    Value row = add(rowBase, idx(8 * ((reg / 2) % 2)));
    Value col = add(colBase, idx(8 * (reg / 4) + reg % 2));
    problem.storeResult(b, loc, problem.applyGlobals(b, loc, sums[reg]), row,
                        col);
  }
}

void WgmmaKernel::emit() {
  int64_t tiles = llvm::divideCeil(problem.k, kBlocksPerStage * blockSize());
  int64_t ahead = std::min(tiles, kStages);
  bool tma = tmaBytes() != 0;
  // Thread 0 prepares the barriers (one arrival each: its expect_tx) and
  // fills the ring.
  if (tma) {
    inThreadZero(Value(), [&] {
      for (int64_t s = 0; s < kStages; ++s)
        NVVM::MBarrierInitOp::create(b, loc, barrier(idx(s)), i32(1), Value());
      NVVM::FenceMbarrierInitOp::create(b, loc);
      for (int64_t t = 0; t < ahead; ++t)
        issueLoads(idx(t), idx(t));
    });
    gpu::BarrierOp::create(b, loc);
  }

  Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0));
  SmallVector<Value> init(kAccumulators, zero);
  auto loop = scf::ForOp::create(
      b, loc, idx(0), idx(tiles), idx(1), init,
      [&](OpBuilder &nb, Location, Value tile, ValueRange sums) {
        SmallVector<Value> next;
        inside(nb, [&] {
          Value slot = arith::RemUIOp::create(b, loc, tile, idx(kStages));
          Value parity = toI32(arith::RemUIOp::create(
              b, loc, arith::DivUIOp::create(b, loc, tile, idx(kStages)),
              idx(2)));
          stageScales(tile);
          bool upcast = false;
          for (auto [operand, start, offset] :
               {std::tuple{&problem.a, rowStart, int64_t(0)},
                std::tuple{&problem.b, colStart, kOperandBytes}}) {
            if (comesByTma(*operand))
              continue;
            upcastOperand(*operand, start, tile, slot, offset);
            upcast = true;
          }
          // The threads' stores, visible to the tensor cores' reads.
          if (upcast)
            NVVM::FenceProxyOp::create(
                b, loc, NVVM::ProxyKind::async_shared,
                NVVM::SharedSpaceAttr::get(b.getContext(),
                                           NVVM::SharedSpace::shared_cta));
          if (tma)
            NVVM::MBarrierTryWaitParityOp::create(b, loc, barrier(slot), parity,
                                                  i32(0x989680));
          gpu::BarrierOp::create(b, loc);
          next.assign(sums.begin(), sums.end());
          for (int64_t block = 0; block < kBlocksPerStage; ++block)
            next = multiplyBlock(slot, block, next);
          // Every thread is done with the stage and the scales: refill.
          gpu::BarrierOp::create(b, loc);
          Value refill = add(tile, idx(kStages));
          if (tma)
            inThreadZero(arith::CmpIOp::create(b, loc,
                                               arith::CmpIPredicate::ult,
                                               refill, idx(tiles)),
                         [&] { issueLoads(refill, slot); });
          scf::YieldOp::create(b, loc, next);
        });
      });
  epilogue(loop.getResults());
}

} // namespace

bool mlir::microscale::wgmmaFP8Takes(Type a, Type b, int64_t k,
                                     const GPUTarget &target, bool inexact) {
  auto elements = takenElementFormats(a, b, MatmulStrategy::WgmmaFP8);
  if (!elements)
    return false;
  auto [ea, eb] = *elements;
  // One wgmma (32 bytes of K) sums one K-block: blocks of 32, or of 16
  // padded with zeros.
  int64_t block = cast<QuantizedTensorType>(a).getScheme().getBlockSize();
  if (cast<QuantizedTensorType>(b).getScheme().getBlockSize() != block ||
      (block != 16 && block != kBlockK) || k % block != 0)
    return false;
  return inexact || target.sumsFP8ProductsExactly(ea, eb, block);
}

void nvvm::emitWgmmaFP8Matmul(OpBuilder &b, Location loc,
                              DeviceSession &session,
                              const MatmulProblem &problem) {
  Value mapA = comesByTma(problem.a)
                   ? makeTensorMap(b, loc, problem.a, problem.k)
                   : Value();
  Value mapB = comesByTma(problem.b)
                   ? makeTensorMap(b, loc, problem.b, problem.k)
                   : Value();
  auto [blocks, tilesN] = getTileGrid(b, loc, problem, kTileM, kTileN);
  auto workgroup =
      gpu::AddressSpaceAttr::get(b.getContext(), gpu::AddressSpace::Workgroup);
  auto scales = MemRefType::get({kTileN, kBlocksPerStage}, b.getF32Type(),
                                MemRefLayoutAttrInterface(), workgroup);
  session.launch(
      blocks, kThreads, {scales, scales},
      [&](OpBuilder &b, Location loc, Value block, Value thread,
          ValueRange shared) {
        WgmmaKernel(b, loc, problem, block, thread, tilesN, mapA, mapB,
                    shared[0], shared[1])
            .emit();
      },
      kDynamicSharedBytes);
}
