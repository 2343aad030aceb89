//===- MatmulTcgen05.cpp - sm_100a block-scaled tcgen05.mma ---------------===//
//
// One CTA of 128 threads (a warpgroup) computes a 128 x 128 tile of C with
// `tcgen05.mma.cta_group::1.kind::{mxf4nvf4,mxf8f6f4}.block_scale`, the f32
// accumulator in Tensor Memory:
//
//  - warp 0 allocates 256 Tensor Memory columns (`tcgen05.alloc`): the
//    accumulator D in columns 0..127 (lane = row of the tile), the scale
//    tiles of A from column 128, those of B from column 136;
//  - per stage of two MMAs along K (64 bytes of every row), the threads
//    stage A and B in shared memory with `cp.async` (zero-filled past M, N
//    and K), double-buffered: the copies of stage s + 1 are in flight while
//    the tensor core works on stage s. Operands are K-major without swizzle:
//    8-row x 16-byte core matrices, 128 bytes apart along M/N (the stride
//    byte offset), 2048 bytes apart along K (the leading byte offset);
//  - the scales of a stage, gathered through the operand's scale layout
//    (row_major or swizzled), are written as 128 x 4 tiles in the layout
//    `tcgen05.cp .32x128b.warpx4` reads (Tcgen05ScaleTile.h): row r, chunk c
//    at byte (r % 32) * 16 + (r / 32) * 4 + c;
//  - thread 0 copies the scale tiles to Tensor Memory (`tcgen05.cp`),
//    issues the two MMAs (shared memory descriptors from
//    `tcgen05.mma_smem_desc`, instruction descriptors from
//    Tcgen05InstrDescriptor.h) and `tcgen05.commit`s them to the stage
//    buffer's mbarrier, which the threads wait on before refilling it;
//  - the epilogue waits for the last commit, reads D with `tcgen05.ld
//    .32x32b` (warp w reads lanes 32w..32w+31: rows of the tile), applies
//    NVFP4's global scales and the accumulator input and stores C; warp 0
//    frees the Tensor Memory.
//
// Element packing in shared memory: kind::mxf4nvf4 takes packed E2M1, the
// storage bytes as they are. kind::mxf8f6f4 takes every 16 elements in 16
// bytes: FP8 one per byte; FP6 and FP4 packed (12 and 8 bytes, the storage
// order) and zero-padded to 16 bytes, the reading this project takes of the
// PTX ISA's "packing formats" figures for that kind. No Blackwell GPU has
// run this kernel (docs/GPU.md).
//
//===----------------------------------------------------------------------===//

#include "BlockScaleStaging.h"
#include "DeviceSession.h"
#include "Matmul.h"
#include "RawSharedKernel.h"

#include "microscale/Conversion/Codecs/ElementCodecs.h"
#include "microscale/Target/NVIDIA/Tcgen05InstrDescriptor.h"
#include "microscale/Target/NVIDIA/Tcgen05ScaleTile.h"
#include "microscale/Target/NVIDIA/Tcgen05SmemDescriptor.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace mlir::microscale;
using namespace mlir::microscale::nvvm;
namespace nvidia = ::microscale::nvidia;

namespace {

constexpr int64_t kThreads = 128;
constexpr int64_t kTileM = 128;
constexpr int64_t kTileN = 128;
constexpr int64_t kMmasPerStage = 2;
constexpr int64_t kRowBytes = 32 * kMmasPerStage; // of a stage, per row
constexpr int64_t kCoreColumns = kRowBytes / 16;
/// Bytes between core matrices along K (the leading byte offset) and
/// along M/N (the stride byte offset).
constexpr int64_t kLeadingBytes = kTileM * 16;
constexpr int64_t kStrideBytes = 128;
constexpr int64_t kOperandBytes = kTileM * kRowBytes; // one buffer
constexpr int64_t kTmemColumns = 256;
constexpr int64_t kScaleColumnA = 128;
constexpr int64_t kScaleColumnB = 136;

/// Shared memory, from a 16-byte aligned base: A[2], B[2], the scale tiles
/// of A[2] and B[2] (up to two tiles each), two mbarriers, the Tensor
/// Memory address.
constexpr int64_t kScaleTiles = 2;
constexpr int64_t kOffsetA = 0;
constexpr int64_t kOffsetB = kOffsetA + 2 * kOperandBytes;
constexpr int64_t kOffsetScaleA = kOffsetB + 2 * kOperandBytes;
constexpr int64_t kOffsetScaleB =
    kOffsetScaleA + 2 * kScaleTiles * nvidia::kScaleTileBytes;
constexpr int64_t kOffsetBarriers =
    kOffsetScaleB + 2 * kScaleTiles * nvidia::kScaleTileBytes;
constexpr int64_t kOffsetTmemAddress = kOffsetBarriers + 16;
constexpr int64_t kSharedBytes = kOffsetTmemAddress + 16 + 16; // + alignment

nvidia::Tcgen05ElementType tcgen05Type(NVVM::MMATypes type) {
  switch (type) {
  case NVVM::MMATypes::e5m2:
    return nvidia::Tcgen05ElementType::E5M2;
  case NVVM::MMATypes::e2m3:
    return nvidia::Tcgen05ElementType::E2M3;
  case NVVM::MMATypes::e3m2:
    return nvidia::Tcgen05ElementType::E3M2;
  case NVVM::MMATypes::e2m1:
    return nvidia::Tcgen05ElementType::E2M1;
  default:
    return nvidia::Tcgen05ElementType::E4M3;
  }
}

/// The instruction descriptor of MMA `j` of a stage: its scales start at
/// byte (j * chunks) % 4 of their Tensor Memory columns.
nvidia::Tcgen05BlockScaledMma describe(const BlockScaleMma &mma, int64_t j) {
  nvidia::Tcgen05BlockScaledMma d;
  d.kind = mma.kind == NVVM::MMABlockScaleKind::MXF8F6F4
               ? nvidia::Tcgen05Kind::MXF8F6F4
               : nvidia::Tcgen05Kind::MXF4NVF4;
  d.aType = tcgen05Type(mma.aType);
  d.bType = tcgen05Type(mma.bType);
  d.scaleType = mma.scaleFormat == NVVM::BlockScaleFormat::UE4M3
                    ? nvidia::Tcgen05ScaleType::UE4M3
                    : nvidia::Tcgen05ScaleType::UE8M0;
  d.scaleBlock = mma.chunkWidth();
  d.m = kTileM;
  d.n = kTileN;
  int steps = nvidia::tcgen05KStepsPerScaleTile(static_cast<int>(mma.chunks));
  int id = nvidia::tcgen05ScaleIdForKStep(static_cast<int>(mma.chunks),
                                          static_cast<int>(j % steps));
  d.scaleAId = d.scaleBId = id;
  return d;
}

/// The Tensor Memory column offset of the scale tile MMA `j` reads.
int64_t scaleTileOf(const BlockScaleMma &mma, int64_t j) {
  return j / nvidia::tcgen05KStepsPerScaleTile(static_cast<int>(mma.chunks));
}

/// Scale tiles per stage and operand.
int64_t scaleTilesPerStage(const BlockScaleMma &mma) {
  return scaleTileOf(mma, kMmasPerStage - 1) + 1;
}

/// The 14-bit fields of a shared memory descriptor with these offsets, as
/// `nvvm.tcgen05.mma_smem_desc` takes them (already shifted right by 4).
struct DescriptorFields {
  int32_t leading, stride;
};

DescriptorFields descriptorFields(nvidia::Tcgen05SmemMatrix matrix) {
  matrix.startAddress = 0;
  uint64_t bits = 0;
  nvidia::Status status = nvidia::encodeTcgen05SmemDescriptor(matrix, bits);
  (void)status;
  assert(status.ok() && "constant descriptor offsets are valid");
  return {static_cast<int32_t>((bits >> 16) & 0x3FFF),
          static_cast<int32_t>((bits >> 32) & 0x3FFF)};
}

/// Emits the kernel body; one instance per launch.
class Tcgen05Kernel : RawSharedKernel {
public:
  Tcgen05Kernel(OpBuilder &b, Location loc, const MatmulProblem &problem,
                const BlockScaleMma &mma, Value block, Value thread,
                Value shared, Value tilesN)
      : RawSharedKernel(b, loc), problem(problem), mma(mma), thread(thread) {
    rowStart = mul(arith::DivUIOp::create(b, loc, block, tilesN), idx(kTileM));
    colStart = mul(arith::RemUIOp::create(b, loc, block, tilesN), idx(kTileN));
    warp = arith::DivUIOp::create(b, loc, thread, idx(32));
    base = alignedWindowAddress(shared, 16);
  }

  void emit();

private:
  Value tmemPtr(Value address) {
    return LLVM::IntToPtrOp::create(
        b, loc, LLVM::LLVMPointerType::get(b.getContext(), 6), address);
  }
  /// Runs `body` in thread 0 (or warp 0) only.
  void ifThread(Value id, int64_t below,
                function_ref<void(OpBuilder &, Location)> body) {
    Value cond = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, id,
                                       idx(below));
    scf::IfOp::create(b, loc, cond, [&](OpBuilder &nb, Location) {
      inside(nb, [&] { body(b, loc); });
      scf::YieldOp::create(b, loc);
    });
  }
  /// buffer (index) * bytes + offset, from the base.
  Value bufferAddress(Value buffer, int64_t bytes, int64_t offset) {
    return arith::AddIOp::create(
        b, loc, add32(base, offset),
        arith::MulIOp::create(b, loc, toI32(buffer), i32(bytes)));
  }
  void waitBarrier(Value stage);
  void loadStage(Value stage, Value buffer);
  void copyOperand(const MatmulOperand &operand, Value rowStartOf, Value k0,
                   Value dst);
  void stageScales(const MatmulOperand &operand, Value rowStartOf, Value k0,
                   Value dst);
  void issue(Value stage, Value buffer, Value tmem);
  void epilogue(Value tmem);

  const MatmulProblem &problem;
  const BlockScaleMma &mma;
  Value thread, warp, rowStart, colStart, base;
};

/// Elements of K per stage.
int64_t stageK(const BlockScaleMma &mma) { return kMmasPerStage * mma.k; }

void Tcgen05Kernel::waitBarrier(Value stage) {
  // Stage s commits to barrier s % 2, the (s / 2)-th phase of it.
  Value buffer = arith::RemUIOp::create(b, loc, stage, idx(2));
  Value parity = toI32(arith::RemUIOp::create(
      b, loc, arith::DivUIOp::create(b, loc, stage, idx(2)), idx(2)));
  Value ptr = sharedPtr(arith::AddIOp::create(
      b, loc, add32(base, kOffsetBarriers), mul(toI32(buffer), i32(8))));
  NVVM::MBarrierTryWaitParityOp::create(b, loc, ptr, parity, i32(0x989680));
}

void Tcgen05Kernel::copyOperand(const MatmulOperand &operand, Value rows0,
                                Value k0, Value dst) {
  // Entry (r, w): word w (< kRowBytes / 4) of row r, in core column w / 4.
  const DeviceQuantized &q = *operand.quantized;
  int64_t bits = q.getScheme().getElementBits();
  int64_t perCore = mma.slotBits() == 4 ? 32 : 16; // elements per 16 bytes
  int64_t payload = perCore * bits / 8;            // bytes of them
  int64_t rowBytes = q.getScheme().getStorageBytes(q.getCols());
  Value global = arith::IndexCastUIOp::create(
      b, loc, b.getI64Type(),
      memref::ExtractAlignedPointerAsIndexOp::create(b, loc, q.data));
  int64_t words = kRowBytes / 4;
  scf::ForOp::create(
      b, loc, thread, idx(kTileM * words), idx(kThreads), ValueRange(),
      [&](OpBuilder &nb, Location, Value i, ValueRange) {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
        Value r = arith::DivUIOp::create(b, loc, i, idx(words));
        Value w = arith::RemUIOp::create(b, loc, i, idx(words));
        Value core = arith::DivUIOp::create(b, loc, w, idx(4));
        Value inCore = arith::RemUIOp::create(b, loc, w, idx(4));
        Value row = arith::AddIOp::create(b, loc, rows0, r);
        Value col = arith::AddIOp::create(b, loc, k0, mul(core, idx(perCore)));
        Value byte = mul(inCore, idx(4));
        auto ult = [&](Value x, Value y) {
          return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, x, y);
        };
        Value valid = arith::AndIOp::create(
            b, loc,
            arith::AndIOp::create(b, loc, ult(row, operand.rows),
                                  ult(col, idx(problem.k))),
            ult(byte, idx(payload)));
        Value offset = arith::AddIOp::create(
            b, loc,
            arith::AddIOp::create(
                b, loc, mul(row, idx(rowBytes)),
                arith::DivUIOp::create(b, loc, mul(col, idx(bits)), idx(8))),
            byte);
        offset = arith::SelectOp::create(b, loc, valid, offset, idx(0));
        Value src = arith::AddIOp::create(
            b, loc, global,
            arith::IndexCastUIOp::create(b, loc, b.getI64Type(), offset));
        Value srcPtr = LLVM::AddrSpaceCastOp::create(
            b, loc, LLVM::LLVMPointerType::get(b.getContext(), 1),
            LLVM::IntToPtrOp::create(
                b, loc, LLVM::LLVMPointerType::get(b.getContext()), src));
        // Row r of core column c: byte c * kLeadingBytes + r * 16.
        Value at = arith::AddIOp::create(
            b, loc, dst,
            toI32(arith::AddIOp::create(
                b, loc,
                arith::AddIOp::create(b, loc, mul(core, idx(kLeadingBytes)),
                                      mul(r, idx(16))),
                byte)));
        Value size = arith::SelectOp::create(b, loc, valid, i32(4), i32(0));
        NVVM::CpAsyncOp::create(
            b, loc, sharedPtr(at), srcPtr, b.getI32IntegerAttr(4),
            NVVM::LoadCacheModifierKindAttr::get(
                b.getContext(), NVVM::LoadCacheModifierKind::CA),
            size);
        scf::YieldOp::create(b, loc);
      });
}

void Tcgen05Kernel::stageScales(const MatmulOperand &operand, Value rows0,
                                Value k0, Value dst) {
  // Entry (r, t): the word of row r in tile t, whose byte c is the scale of
  // chunk 4t + c of the stage (MMA (4t + c) / chunks).
  const DeviceQuantized &q = *operand.quantized;
  int64_t tiles = scaleTilesPerStage(mma);
  int64_t chunks = kMmasPerStage * mma.chunks;
  stageRows(
      b, loc, operand, kTileM, tiles, rows0, thread, kThreads,
      [&](OpBuilder &b, Location loc, Value row, Value t) {
        CodecBuilder codec(b, loc);
        Type i32Type = b.getI32Type();
        Value word;
        for (int64_t c = 0; c < 4; ++c) {
          // Chunk 4t + c; chunks past the stage's are zero.
          Value chunk = arith::AddIOp::create(
              b, loc,
              arith::MulIOp::create(b, loc, t, indexConstant(b, loc, 4)),
              indexConstant(b, loc, c));
          Value col = arith::AddIOp::create(
              b, loc, k0,
              arith::MulIOp::create(b, loc, chunk,
                                    indexConstant(b, loc, mma.chunkWidth())));
          Value inside = arith::AndIOp::create(
              b, loc,
              arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, chunk,
                                    indexConstant(b, loc, chunks)),
              arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, col,
                                    indexConstant(b, loc, problem.k)));
          Value safe = arith::SelectOp::create(b, loc, inside, col,
                                               indexConstant(b, loc, 0));
          Value code = q.loadScaleCode(
              b, loc, row,
              arith::DivUIOp::create(b, loc, safe,
                                     indexConstant(b, loc, q.getBlockSize())));
          code = arith::SelectOp::create(b, loc, inside, code,
                                         codec.i32(i32Type, 0));
          if (c)
            code =
                arith::ShLIOp::create(b, loc, code, codec.i32(i32Type, 8 * c));
          word = word ? arith::OrIOp::create(b, loc, word, code) : code;
        }
        return word;
      },
      b.getI32IntegerAttr(0),
      [&](OpBuilder &b, Location loc, Value r, Value t, Value word) {
        // Row r of a 128x4 tile: byte (r % 32) * 16 + (r / 32) * 4.
        auto c = [&](int64_t v) { return indexConstant(b, loc, v); };
        Value offset = arith::AddIOp::create(
            b, loc,
            arith::AddIOp::create(
                b, loc,
                arith::MulIOp::create(b, loc, t, c(nvidia::kScaleTileBytes)),
                arith::MulIOp::create(
                    b, loc, arith::RemUIOp::create(b, loc, r, c(32)), c(16))),
            arith::MulIOp::create(
                b, loc, arith::DivUIOp::create(b, loc, r, c(32)), c(4)));
        Value at = arith::AddIOp::create(
            b, loc, dst,
            arith::IndexCastUIOp::create(b, loc, b.getI32Type(), offset));
        Value wide = arith::ExtUIOp::create(b, loc, b.getI64Type(), at);
        LLVM::StoreOp::create(
            b, loc, word,
            LLVM::IntToPtrOp::create(
                b, loc, LLVM::LLVMPointerType::get(b.getContext(), 3), wide));
      });
}

void Tcgen05Kernel::loadStage(Value stage, Value buffer) {
  Value k0 = mul(stage, idx(stageK(mma)));
  copyOperand(problem.a, rowStart, k0,
              bufferAddress(buffer, kOperandBytes, kOffsetA));
  copyOperand(problem.b, colStart, k0,
              bufferAddress(buffer, kOperandBytes, kOffsetB));
  int64_t scaleBytes = kScaleTiles * nvidia::kScaleTileBytes;
  stageScales(problem.a, rowStart, k0,
              bufferAddress(buffer, scaleBytes, kOffsetScaleA));
  stageScales(problem.b, colStart, k0,
              bufferAddress(buffer, scaleBytes, kOffsetScaleB));
  NVVM::CpAsyncCommitGroupOp::create(b, loc);
}

void Tcgen05Kernel::issue(Value stage, Value buffer, Value tmem) {
  Type i8 = b.getI8Type();
  Value zero8 = arith::ConstantOp::create(b, loc, b.getIntegerAttr(i8, 0));
  Value absolute = arith::ConstantOp::create(b, loc, b.getBoolAttr(false));
  auto descriptor = [&](Value address, DescriptorFields fields) -> Value {
    // The start address field: (address & 0x3FFFF) >> 4.
    Value start = arith::ShRUIOp::create(
        b, loc, arith::AndIOp::create(b, loc, address, i32(0x3FFFF)), i32(4));
    return NVVM::Tcgen05MmaSmemDescOp::create(
        b, loc, b.getI64Type(), start, i32(fields.leading), i32(fields.stride),
        zero8, absolute, zero8);
  };
  // Scale tiles to Tensor Memory: one .32x128b.warpx4 copy per tile.
  int64_t scaleBytes = kScaleTiles * nvidia::kScaleTileBytes;
  DescriptorFields tileFields =
      descriptorFields(nvidia::scaleTileCopySource(0));
  for (auto [offset, column] : {std::pair(kOffsetScaleA, kScaleColumnA),
                                std::pair(kOffsetScaleB, kScaleColumnB)}) {
    for (int64_t t = 0; t < scaleTilesPerStage(mma); ++t) {
      Value source = add32(bufferAddress(buffer, scaleBytes, offset),
                           t * nvidia::kScaleTileBytes);
      NVVM::Tcgen05CpOp::create(
          b, loc, NVVM::Tcgen05CpShape::SHAPE_32x128b,
          NVVM::CTAGroupKind::CTA_1, NVVM::Tcgen05CpMulticast::WARPX4,
          NVVM::Tcgen05CpSrcFormatAttr(), tmemPtr(add32(tmem, column + 4 * t)),
          descriptor(source, tileFields));
    }
  }
  // The operands: K-major, no swizzle.
  nvidia::Tcgen05SmemMatrix operand;
  operand.leadingByteOffset = kLeadingBytes;
  operand.strideByteOffset = kStrideBytes;
  DescriptorFields fields = descriptorFields(operand);
  Value first =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, stage, idx(0));
  for (int64_t j = 0; j < kMmasPerStage; ++j) {
    uint32_t idesc = 0;
    nvidia::Status status =
        nvidia::encodeTcgen05InstrDescriptor(describe(mma, j), idesc);
    (void)status;
    assert(status.ok() && "the block-scaled MMA was checked when selected");
    int64_t step = j * 2 * kLeadingBytes; // two core columns per MMA
    Value a = descriptor(
        add32(bufferAddress(buffer, kOperandBytes, kOffsetA), step), fields);
    Value bDesc = descriptor(
        add32(bufferAddress(buffer, kOperandBytes, kOffsetB), step), fields);
    // The first MMA of the first stage overwrites D.
    Value accumulate =
        j ? Value(arith::ConstantOp::create(b, loc, b.getBoolAttr(true)))
          : Value(arith::XOrIOp::create(
                b, loc, first,
                arith::ConstantOp::create(b, loc, b.getBoolAttr(true))));
    int64_t tile = scaleTileOf(mma, j);
    NVVM::Tcgen05MMABlockScaleOp::create(
        b, loc, mma.kind, NVVM::CTAGroupKind::CTA_1,
        mma.chunks == 4 ? NVVM::Tcgen05MMABlockScale::BLOCK16
                        : NVVM::Tcgen05MMABlockScale::BLOCK32,
        NVVM::Tcgen05MMACollectorOp::DISCARD, tmemPtr(tmem), a, bDesc,
        i32(static_cast<int32_t>(idesc)), accumulate,
        tmemPtr(add32(tmem, kScaleColumnA + 4 * tile)),
        tmemPtr(add32(tmem, kScaleColumnB + 4 * tile)));
  }
  Value barrierPtr = sharedPtr(arith::AddIOp::create(
      b, loc, add32(base, kOffsetBarriers), mul(toI32(buffer), i32(8))));
  NVVM::Tcgen05CommitOp::create(b, loc, barrierPtr, Value(),
                                NVVM::CTAGroupKind::CTA_1);
}

void Tcgen05Kernel::epilogue(Value tmem) {
  // Warp w reads lanes 32w.. (rows), 16 columns at a time.
  constexpr int64_t kColumns = 16;
  Value lane = arith::RemUIOp::create(b, loc, thread, idx(32));
  Value tileRow = arith::AddIOp::create(b, loc, mul(warp, idx(32)), lane);
  Value row = arith::AddIOp::create(b, loc, rowStart, tileRow);
  Value laneField =
      arith::ShLIOp::create(b, loc, toI32(mul(warp, idx(32))), i32(16));
  scf::ForOp::create(
      b, loc, idx(0), idx(kTileN), idx(kColumns), ValueRange(),
      [&](OpBuilder &nb, Location, Value col0, ValueRange) {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
        Value address = arith::AddIOp::create(
            b, loc, arith::AddIOp::create(b, loc, tmem, laneField),
            toI32(col0));
        auto vector = VectorType::get({kColumns}, b.getI32Type());
        Value words =
            NVVM::Tcgen05LdOp::create(b, loc, vector, /*pack=*/false,
                                      NVVM::Tcgen05LdStShape::SHAPE_32X32B,
                                      tmemPtr(address), /*offset=*/Value());
        NVVM::Tcgen05WaitOp::create(b, loc, NVVM::Tcgen05WaitKind::LOAD);
        for (int64_t i = 0; i < kColumns; ++i) {
          Value word = LLVM::ExtractElementOp::create(
              b, loc, words,
              arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(i)));
          Value value = problem.applyGlobals(
              b, loc, arith::BitcastOp::create(b, loc, b.getF32Type(), word));
          Value col = arith::AddIOp::create(
              b, loc, colStart, arith::AddIOp::create(b, loc, col0, idx(i)));
          problem.storeResult(b, loc, value, row, col);
        }
        scf::YieldOp::create(b, loc);
      });
}

void Tcgen05Kernel::emit() {
  Value tmemSlot = add32(base, kOffsetTmemAddress);
  // Barriers and Tensor Memory.
  ifThread(thread, 1, [&](OpBuilder &, Location) {
    for (int64_t i = 0; i < 2; ++i)
      NVVM::MBarrierInitOp::create(
          b, loc, sharedPtr(add32(base, kOffsetBarriers + 8 * i)), i32(1),
          Value());
    // The initialized barriers, visible to tcgen05.commit's arrivals.
    NVVM::FenceMbarrierInitOp::create(b, loc);
  });
  ifThread(warp, 1, [&](OpBuilder &, Location) {
    NVVM::Tcgen05AllocOp::create(b, loc, sharedPtr(tmemSlot), i32(kTmemColumns),
                                 NVVM::CTAGroupKind::CTA_1);
    NVVM::Tcgen05RelinquishAllocPermitOp::create(b, loc,
                                                 NVVM::CTAGroupKind::CTA_1);
  });
  NVVM::Tcgen05FenceOp::create(b, loc,
                               NVVM::Tcgen05FenceKind::BEFORE_THREAD_SYNC);
  gpu::BarrierOp::create(b, loc);
  NVVM::Tcgen05FenceOp::create(b, loc,
                               NVVM::Tcgen05FenceKind::AFTER_THREAD_SYNC);
  Value tmem =
      LLVM::LoadOp::create(b, loc, b.getI32Type(), sharedPtr(tmemSlot));

  int64_t stages = (problem.k + stageK(mma) - 1) / stageK(mma);
  loadStage(idx(0), idx(0));
  scf::ForOp::create(
      b, loc, idx(0), idx(stages), idx(1), ValueRange(),
      [&](OpBuilder &nb, Location, Value stage, ValueRange) {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
        Value buffer = arith::RemUIOp::create(b, loc, stage, idx(2));
        Value next = arith::AddIOp::create(b, loc, stage, idx(1));
        Value more = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                           next, idx(stages));
        scf::IfOp::create(
            b, loc, more,
            [&](OpBuilder &nb, Location) {
              OpBuilder::InsertionGuard guard(b);
              b.setInsertionPoint(nb.getInsertionBlock(),
                                  nb.getInsertionPoint());
              // The MMAs of stage - 1 read the buffer stage + 1 fills.
              Value started = arith::CmpIOp::create(
                  b, loc, arith::CmpIPredicate::uge, stage, idx(1));
              scf::IfOp::create(b, loc, started, [&](OpBuilder &nb, Location) {
                OpBuilder::InsertionGuard guard(b);
                b.setInsertionPoint(nb.getInsertionBlock(),
                                    nb.getInsertionPoint());
                waitBarrier(arith::SubIOp::create(b, loc, stage, idx(1)));
                scf::YieldOp::create(b, loc);
              });
              loadStage(next, arith::RemUIOp::create(b, loc, next, idx(2)));
              NVVM::CpAsyncWaitGroupOp::create(b, loc, 1);
              scf::YieldOp::create(b, loc);
            },
            [&](OpBuilder &nb, Location) {
              OpBuilder::InsertionGuard guard(b);
              b.setInsertionPoint(nb.getInsertionBlock(),
                                  nb.getInsertionPoint());
              NVVM::CpAsyncWaitGroupOp::create(b, loc, 0);
              scf::YieldOp::create(b, loc);
            });
        // This thread's shared memory writes, visible to the tensor core.
        NVVM::FenceProxyOp::create(
            b, loc, NVVM::ProxyKind::async_shared,
            NVVM::SharedSpaceAttr::get(b.getContext(),
                                       NVVM::SharedSpace::shared_cta));
        gpu::BarrierOp::create(b, loc);
        NVVM::Tcgen05FenceOp::create(b, loc,
                                     NVVM::Tcgen05FenceKind::AFTER_THREAD_SYNC);
        ifThread(thread, 1,
                 [&](OpBuilder &, Location) { issue(stage, buffer, tmem); });
        scf::YieldOp::create(b, loc);
      });
  waitBarrier(idx(stages - 1));
  NVVM::Tcgen05FenceOp::create(b, loc,
                               NVVM::Tcgen05FenceKind::AFTER_THREAD_SYNC);
  epilogue(tmem);
  NVVM::Tcgen05FenceOp::create(b, loc,
                               NVVM::Tcgen05FenceKind::BEFORE_THREAD_SYNC);
  gpu::BarrierOp::create(b, loc);
  ifThread(warp, 1, [&](OpBuilder &, Location) {
    NVVM::Tcgen05DeallocOp::create(b, loc, tmemPtr(tmem), i32(kTmemColumns),
                                   NVVM::CTAGroupKind::CTA_1);
  });
}

} // namespace

bool nvvm::tcgen05BlockScaleTakes(const MatmulProblem &problem) {
  std::optional<BlockScaleMma> mma = selectBlockScaleMma(problem);
  if (!mma)
    return false;
  for (int64_t j = 0; j < kMmasPerStage; ++j) {
    uint32_t idesc = 0;
    if (!nvidia::encodeTcgen05InstrDescriptor(describe(*mma, j), idesc).ok())
      return false;
  }
  return true;
}

void nvvm::emitTcgen05BlockScaleMatmul(OpBuilder &b, Location loc,
                                       DeviceSession &session,
                                       const MatmulProblem &problem) {
  BlockScaleMma mma = *selectBlockScaleMma(problem);
  auto [blocks, tilesN] = getTileGrid(b, loc, problem, kTileM, kTileN);
  auto shared =
      gpu::AddressSpaceAttr::get(b.getContext(), gpu::AddressSpace::Workgroup);
  Type buffer = MemRefType::get({kSharedBytes / 8}, b.getI64Type(),
                                MemRefLayoutAttrInterface(), shared);
  session.launch(blocks, kThreads, {buffer},
                 [&](OpBuilder &b, Location loc, Value block, Value thread,
                     ValueRange smem) {
                   Tcgen05Kernel(b, loc, problem, mma, block, thread, smem[0],
                                 tilesN)
                       .emit();
                 });
}
