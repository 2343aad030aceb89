//===- BlockDecoders.cpp - block-scaled storage to f32 values -------------===//

#include "BlockDecoders.h"
#include "TableDecode.h"

#include "microscale/Conversion/Codecs/BlockCodecs.h"
#include "microscale/Conversion/Codecs/StorageIndexing.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::microscale;
using namespace mlir::microscale::cpu;

Value cpu::anyE4M3Special(OpBuilder &b, Location loc, Value codes) {
  auto codesType = cast<VectorType>(codes.getType());
  auto i8 = [&](int64_t value) -> Value {
    return arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(codesType, b.getI8IntegerAttr(value)));
  };
  Value exponent = arith::AndIOp::create(b, loc, codes, i8(0x78));
  Value magnitude = arith::AndIOp::create(b, loc, codes, i8(0x7F));
  Value special = arith::OrIOp::create(
      b, loc,
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, exponent, i8(0)),
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, magnitude,
                            i8(0x7F)));
  return vector::ReductionOp::create(b, loc, vector::CombiningKind::OR,
                                     special);
}

Value cpu::e4m3NormalsToF32(OpBuilder &b, Location loc, Value fields) {
  // Keep the sign and the 7 field bits under f32's exponent and mantissa,
  // then rebias the exponent (no carry: 15 + 120 < 256).
  CodecBuilder codec(b, loc);
  auto type = cast<VectorType>(fields.getType());
  Value bits = arith::AddIOp::create(
      b, loc,
      arith::AndIOp::create(b, loc, fields, codec.i32(type, 0x87F00000LL)),
      codec.i32(type, 120 << 23));
  return arith::BitcastOp::create(
      b, loc, VectorType::get(type.getShape(), b.getF32Type()), bits);
}

/// E4M3 codes to f32 for MXFP8 weights, in 32-bit integer arithmetic when
/// every code of the block is a normal number (sign-extend, move the fields
/// under f32's, add the bias difference 127 - 7), which keeps the FMA and
/// permute pipes free for the dot product: a GEMV decodes about twice as
/// fast as through f16. A block holding a zero, a subnormal or NaN (rare in
/// weights) takes the general decoder instead, behind a branch.
/// `loadPart(b, loc, first, count)` loads codes [first, first + count)
/// again: loaded 16 at a time where they are widened, they need no
/// extraction from a wider register.
static Value decodeE4M3Normals(
    OpBuilder &b, Location loc, Value codes,
    function_ref<Value(OpBuilder &, Location, int64_t, int64_t)> loadPart) {
  auto codesType = cast<VectorType>(codes.getType());
  auto f32Type = VectorType::get(codesType.getShape(), b.getF32Type());
  auto branch = scf::IfOp::create(
      b, loc, anyE4M3Special(b, loc, codes),
      [&](OpBuilder &b, Location loc) {
        Value values =
            CodecBuilder(b, loc).decode(formats::Format::E4M3, codes);
        scf::YieldOp::create(b, loc, values);
      },
      [&](OpBuilder &b, Location loc) {
        CodecBuilder codec(b, loc);
        // After sign extension, (code << 20) holds the sign at bit 31 and
        // the 7 field bits at 26..20.
        int64_t n = codesType.getDimSize(0), part = std::min<int64_t>(n, 16);
        auto partType = VectorType::get({part}, b.getI32Type());
        Value values = arith::ConstantOp::create(
            b, loc, DenseElementsAttr::get(f32Type, b.getF32FloatAttr(0.0f)));
        for (int64_t first = 0; first < n; first += part) {
          Value wide = arith::ExtSIOp::create(b, loc, partType,
                                              loadPart(b, loc, first, part));
          Value fields =
              arith::ShLIOp::create(b, loc, wide, codec.i32(partType, 20));
          values = vector::InsertStridedSliceOp::create(
              b, loc, e4m3NormalsToF32(b, loc, fields), values,
              ArrayRef<int64_t>{first}, ArrayRef<int64_t>{1});
        }
        scf::YieldOp::create(b, loc, values);
      });
  return branch.getResult(0);
}

std::pair<Value, Value> BlockDecoder::decodeBlockUnscaled(OpBuilder &b,
                                                          Location loc,
                                                          Value row,
                                                          Value block) const {
  formats::Scheme numerics = getScheme().toFormats();
  assert(numerics.scale == formats::Format::E8M0 && "E8M0 scales only");
  CodecBuilder codec(b, loc);
  Value codes = storage.loadCodes(b, loc, row, block);
  auto loadPart = [&](OpBuilder &b, Location loc, int64_t first,
                      int64_t count) -> Value {
    Value offset = arith::AddIOp::create(
        b, loc, blockByteOffset(b, loc, storage.type, row, block),
        indexConstant(b, loc, first));
    return storage.loadBytes(b, loc, offset, count);
  };
  Value values = numerics.element == formats::Format::E4M3
                     ? decodeE4M3Normals(b, loc, codes, loadPart)
                     : codec.decode(numerics.element, codes);
  return {values, codec.e8m0Scale(storage.loadScaleCode(b, loc, row, block))};
}

Value BlockDecoder::dequantizeBlock(OpBuilder &b, Location loc, Value row,
                                    Value block) const {
  SchemeAttr scheme = getScheme();
  formats::Scheme numerics = scheme.toFormats();
  if (strategy == BlockDecode::TableLookup) {
    // Interleave the even and odd halves back into element order.
    SmallVector<Value> halves =
        dequantizeBlockInLookupOrder(b, loc, row, block);
    if (!isLookupOrderPermuted())
      return halves.front();
    int64_t n = getBlockSize();
    Value result = arith::ConstantOp::create(
        b, loc,
        DenseElementsAttr::get(VectorType::get({n}, b.getF32Type()),
                               b.getF32FloatAttr(0.0f)));
    for (size_t i = 0; i < halves.size(); i += 2) {
      Value chunk =
          vector::InterleaveOp::create(b, loc, halves[i], halves[i + 1]);
      if (n == 32)
        return chunk;
      result = vector::InsertStridedSliceOp::create(
          b, loc, chunk, result,
          ArrayRef<int64_t>{16 * static_cast<int64_t>(i)},
          ArrayRef<int64_t>{1});
    }
    return result;
  }
  if (numerics.scale == formats::Format::E8M0) {
    auto [values, scale] = decodeBlockUnscaled(b, loc, row, block);
    return arith::MulFOp::create(
        b, loc, values,
        vector::BroadcastOp::create(b, loc, values.getType(), scale));
  }
  BlockCodec codec(b, loc, numerics);
  return codec.dequantize(storage.loadCodes(b, loc, row, block),
                          storage.loadScale(b, loc, row, block),
                          storage.global);
}

Value BlockDecoder::buildTable(OpBuilder &b, Location loc, Value scale,
                               bool withGlobal) const {
  formats::Scheme numerics = getScheme().toFormats();
  bool global = withGlobal && numerics.hasGlobal;
  return buildE2M1Table(b, loc, scale, global ? storage.global : Value());
}

SmallVector<Value> BlockDecoder::dequantizeBlockInLookupOrder(
    OpBuilder &b, Location loc, Value row, Value block, bool withGlobal) const {
  Value table =
      buildTable(b, loc, storage.loadScale(b, loc, row, block), withGlobal);
  Value offset = blockByteOffset(b, loc, storage.type, row, block);
  if (!isLookupOrderPermuted()) {
    // 16 elements in 8 bytes: spread the nibbles to one index per element.
    Value bytes = storage.loadBytes(b, loc, offset, 8);
    return {lookupE2M1Nibbles(b, loc, table, bytes)};
  }
  SmallVector<Value> halves;
  for (int64_t chunk = 0; chunk < getBlockSize() / 32; ++chunk) {
    Value at = arith::AddIOp::create(b, loc, offset,
                                     indexConstant(b, loc, 16 * chunk));
    Value bytes = storage.loadBytes(b, loc, at, 16);
    auto [low, high] = lookupE2M1Bytes(b, loc, table, bytes);
    halves.push_back(low);
    halves.push_back(high);
  }
  return halves;
}

SmallVector<Value>
BlockDecoder::dequantizeUnitInLookupOrder(OpBuilder &b, Location loc, Value row,
                                          Value unit, bool withGlobal) const {
  if (getBlockSize() >= 32)
    return dequantizeBlockInLookupOrder(b, loc, row, unit, withGlobal);
  // Two blocks of 16 in 16 bytes: lanes 0-7 of each lookup belong to the
  // first block, lanes 8-15 to the second.
  Value first = arith::MulIOp::create(b, loc, unit, indexConstant(b, loc, 2));
  Value second = arith::AddIOp::create(b, loc, first, indexConstant(b, loc, 1));
  Value table0 =
      buildTable(b, loc, storage.loadScale(b, loc, row, first), withGlobal);
  Value table1 =
      buildTable(b, loc, storage.loadScale(b, loc, row, second), withGlobal);
  Value bytes = storage.loadBytes(
      b, loc, blockByteOffset(b, loc, storage.type, row, first), 16);
  auto [even, odd] = lookupE2M1BytesTwoTables(b, loc, table0, table1, bytes);
  return {even, odd};
}

SmallVector<Value> BlockDecoder::dequantizeUnitAsHalves(OpBuilder &b,
                                                        Location loc, Value row,
                                                        Value unit,
                                                        bool withGlobal) const {
  if (strategy == BlockDecode::TableLookup)
    return dequantizeUnitInLookupOrder(b, loc, row, unit, withGlobal);
  int64_t block = getBlockSize(), size = getLookupUnit();
  Value values = arith::ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(VectorType::get({size}, b.getF32Type()),
                             b.getF32FloatAttr(0.0f)));
  Value firstBlock =
      arith::MulIOp::create(b, loc, unit, indexConstant(b, loc, size / block));
  for (int64_t i = 0; i < size / block; ++i) {
    Value part = dequantizeBlock(
        b, loc, row,
        arith::AddIOp::create(b, loc, firstBlock, indexConstant(b, loc, i)));
    values = size == block
                 ? part
                 : Value(vector::InsertStridedSliceOp::create(
                       b, loc, part, values, ArrayRef<int64_t>{i * block},
                       ArrayRef<int64_t>{1}));
  }
  return splitEvenOdd(b, loc, values);
}

SmallVector<Value> cpu::splitEvenOdd(OpBuilder &b, Location loc, Value values) {
  int64_t size = cast<VectorType>(values.getType()).getDimSize(0);
  SmallVector<Value> halves;
  for (int64_t c = 0; c < size / 32; ++c) {
    Value chunk = vector::ExtractStridedSliceOp::create(
        b, loc, values, ArrayRef<int64_t>{32 * c}, ArrayRef<int64_t>{32},
        ArrayRef<int64_t>{1});
    auto split = vector::DeinterleaveOp::create(b, loc, chunk);
    halves.push_back(split.getRes1());
    halves.push_back(split.getRes2());
  }
  return halves;
}

BlockDecoder cpu::getBlockDecoder(OpBuilder &b, Location loc, Value tensor,
                                  const CPUTarget &target) {
  auto type = cast<QuantizedTensorType>(tensor.getType());
  return {getQuantizedBuffers(b, loc, tensor), selectBlockDecode(type, target)};
}
