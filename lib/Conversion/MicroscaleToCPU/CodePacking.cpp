//===- CodePacking.cpp - one code per byte into storage, with vectors -----===//
//
// raise-to-microscale keeps upstream's function signatures, whose element
// tensors hold one code per byte, and packs them into storage (Numerics §5)
// by packCodes's elementwise generic before `microscale.pack`. Lowered by
// convert-linalg-to-loops that generic is a scalar loop costing twenty times
// the GEMV it feeds, so the CPU lowering recognizes it exactly and packs
// with vector loads instead: 64 storage bytes per step. The code tensor is
// read through its pointer because a vector of sub-byte elements is packed
// in LLVM's memory layout while a memref holds one element per byte.
//
//===----------------------------------------------------------------------===//

#include "Buffers.h"
#include "Lowerings.h"

#include "microscale/Conversion/Codecs/BlockCodecs.h"
#include "microscale/Conversion/Codecs/OperandStorage.h"
#include "microscale/Conversion/MicroscaleToLinalg/StorageTensors.h"
#include "microscale/Dialect/Microscale/IR/MicroscaleOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::microscale;

/// Storage bytes written per vector step: one 512-bit store.
static constexpr int64_t kBytesPerStep = 64;

/// `count` storage bytes from `bytes` storage byte `offset` on: the
/// codes' bytes (`codesPerByte` per storage byte) loaded from `codes`'s
/// pointer, packed, stored into `data`.
static void packStep(OpBuilder &b, Location loc, formats::Scheme scheme,
                     Value codes, Value data, Value offset, int64_t count,
                     int64_t codesPerByte) {
  Type i8 = b.getI8Type();
  // The pointer is taken inside the loop so that the buffer stays in use
  // (and allocated) until the loop ends.
  Value base = memref::ExtractAlignedPointerAsIndexOp::create(b, loc, codes);
  Value address = arith::AddIOp::create(
      b, loc, base,
      arith::MulIOp::create(b, loc, offset,
                            indexConstant(b, loc, codesPerByte)));
  Value address64 =
      arith::IndexCastUIOp::create(b, loc, b.getI64Type(), address);
  Value pointer = LLVM::IntToPtrOp::create(
      b, loc, LLVM::LLVMPointerType::get(b.getContext()), address64);
  Value loaded = LLVM::LoadOp::create(
      b, loc, VectorType::get({count * codesPerByte}, i8), pointer,
      /*alignment=*/1);
  Value packed = loaded;
  if (codesPerByte == 2) {
    // Even codes in the low nibble, odd ones in the high one.
    auto halves = vector::DeinterleaveOp::create(b, loc, loaded);
    packed = BlockCodec(b, loc, scheme)
                 .packFields({halves.getRes1(), halves.getRes2()}, 4,
                             VectorType::get({count}, i8));
  }
  vector::StoreOp::create(b, loc, packed, data, ValueRange{offset});
}

/// Storage bytes of `codes` (one FP4 or FP8 code per byte) as `type` holds
/// them, computed by vector loops; the result is a fresh buffer's tensor.
static Value packCodes(OpBuilder &b, Location loc, QuantizedTensorType type,
                       Value codes) {
  auto codesType = cast<RankedTensorType>(codes.getType());
  Value codesBuffer = bufferization::ToBufferOp::create(
      b, loc, MemRefType::get(codesType.getShape(), codesType.getElementType()),
      codes, /*read_only=*/true);
  RankedTensorType dataType = type.getDataType();
  Value dataBuffer = memref::AllocOp::create(
      b, loc, MemRefType::get(dataType.getShape(), b.getI8Type()),
      dynamicSizesOf(b, loc, codesBuffer, /*outerOnly=*/true),
      b.getI64IntegerAttr(kBytesPerStep));
  Value flatCodes = cpu::flatten(b, loc, codesBuffer);
  Value flatData = cpu::flatten(b, loc, dataBuffer);
  int64_t codesPerByte = type.getScheme().getElementBits() == 4 ? 2 : 1;
  formats::Scheme scheme = type.getScheme().toFormats();

  // Whole steps, then the rest one byte at a time.
  Value total = memref::DimOp::create(b, loc, flatData, 0);
  Value step = indexConstant(b, loc, kBytesPerStep);
  Value whole = arith::MulIOp::create(
      b, loc, arith::DivUIOp::create(b, loc, total, step), step);
  auto loop = [&](Value from, Value to, int64_t count) {
    scf::ForOp::create(
        b, loc, from, to, indexConstant(b, loc, count), ValueRange{},
        [&](OpBuilder &b, Location loc, Value offset, ValueRange) {
          packStep(b, loc, scheme, flatCodes, flatData, offset, count,
                   codesPerByte);
          scf::YieldOp::create(b, loc);
        });
  };
  loop(indexConstant(b, loc, 0), whole, kBytesPerStep);
  loop(whole, total, 1);
  return bufferization::ToTensorOp::create(b, loc, dataType, dataBuffer,
                                           /*restrict=*/true,
                                           /*writable=*/true);
}

void cpu::vectorizeCodePacking(ModuleOp module) {
  module.walk([](PackOp pack) {
    QuantizedTensorType type = pack.getResult().getType();
    unsigned bits = type.getScheme().getElementBits();
    if (bits != 4 && bits != 8)
      return;
    Value codes = linalg_lowering::packedSource(pack.getData(), type);
    if (!codes)
      return;
    Operation *generic = pack.getData().getDefiningOp();
    OpBuilder b(pack);
    pack.getDataMutable().assign(packCodes(b, pack.getLoc(), type, codes));
    if (generic->use_empty())
      generic->erase();
  });
}
