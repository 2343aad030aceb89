//===- Buffers.cpp - flat buffer views of the lowered operands ------------===//

#include "Buffers.h"
#include "TableDecode.h"

#include "microscale/Conversion/Codecs/ElementCodecs.h"
#include "microscale/Conversion/Codecs/OperandStorage.h"
#include "microscale/Conversion/Codecs/StorageIndexing.h"
#include "microscale/Dialect/Microscale/IR/MicroscaleOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::microscale;
using namespace mlir::microscale::cpu;

/// Allocations are aligned for the widest vector loads.
static constexpr int64_t kAlignment = 64;

Value cpu::indexConstant(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantIndexOp::create(b, loc, value);
}

static Value mulIndex(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  return arith::MulIOp::create(b, loc, lhs, rhs);
}

static Value addIndex(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  return arith::AddIOp::create(b, loc, lhs, rhs);
}

/// The memref of a tensor value, read-only, identity layout.
static Value toBuffer(OpBuilder &b, Location loc, Value tensor) {
  auto type = cast<RankedTensorType>(tensor.getType());
  auto memrefType = MemRefType::get(type.getShape(), type.getElementType());
  return bufferization::ToBufferOp::create(b, loc, memrefType, tensor,
                                           /*read_only=*/true);
}

static Value alloc(OpBuilder &b, Location loc, RankedTensorType type,
                   ValueRange dynamicSizes) {
  auto memrefType = MemRefType::get(type.getShape(), type.getElementType());
  return memref::AllocOp::create(b, loc, memrefType, dynamicSizes,
                                 b.getI64IntegerAttr(kAlignment));
}

Value cpu::allocScratch(OpBuilder &b, Location loc, Value size, Type element) {
  return memref::AllocOp::create(
      b, loc, MemRefType::get({ShapedType::kDynamic}, element),
      ValueRange{size}, b.getI64IntegerAttr(kAlignment));
}

/// A rank-1 view of a contiguous memref.
static Value flatten(OpBuilder &b, Location loc, Value memref) {
  auto type = cast<MemRefType>(memref.getType());
  if (type.getRank() == 1)
    return memref;
  ReassociationIndices all;
  for (int64_t i = 0; i < type.getRank(); ++i)
    all.push_back(i);
  return memref::CollapseShapeOp::create(b, loc, memref,
                                         ArrayRef<ReassociationIndices>{all});
}

//===----------------------------------------------------------------------===//
// FloatBuffer
//===----------------------------------------------------------------------===//

static FloatBuffer makeFloatBuffer(OpBuilder &b, Location loc,
                                   RankedTensorType type, Value shaped) {
  FloatBuffer buffer;
  buffer.type = type;
  buffer.shaped = shaped;
  buffer.memref = flatten(b, loc, shaped);
  buffer.rows = outerSize(b, loc, shaped);
  buffer.cols = memref::DimOp::create(b, loc, shaped, type.getRank() - 1);
  buffer.dynamicSizes = dynamicSizesOf(b, loc, shaped, /*outerOnly=*/false);
  return buffer;
}

FloatBuffer cpu::getFloatBuffer(OpBuilder &b, Location loc, Value tensor) {
  return makeFloatBuffer(b, loc, cast<RankedTensorType>(tensor.getType()),
                         toBuffer(b, loc, tensor));
}

FloatBuffer cpu::allocFloatBuffer(OpBuilder &b, Location loc,
                                  RankedTensorType type,
                                  ValueRange dynamicSizes) {
  return makeFloatBuffer(b, loc, type, alloc(b, loc, type, dynamicSizes));
}

Value FloatBuffer::loadF32(OpBuilder &b, Location loc, Value row, Value col,
                           int64_t width) const {
  Value index = addIndex(b, loc, mulIndex(b, loc, row, cols), col);
  Value values = vector::LoadOp::create(
      b, loc, VectorType::get({width}, getElementType()), memref, index);
  if (getElementType().isF32())
    return values;
  return arith::ExtFOp::create(b, loc, VectorType::get({width}, b.getF32Type()),
                               values);
}

void FloatBuffer::prefetchAhead(OpBuilder &b, Location loc, Value row,
                                Value col, int64_t width,
                                int64_t bytesAhead) const {
  int64_t elementBytes = getElementType().getIntOrFloatBitWidth() / 8;
  int64_t perLine = std::max<int64_t>(64 / elementBytes, 1);
  Value index = addIndex(b, loc, mulIndex(b, loc, row, cols), col);
  Value last =
      arith::SubIOp::create(b, loc, memref::DimOp::create(b, loc, memref, 0),
                            indexConstant(b, loc, 1));
  for (int64_t at = 0; at < width; at += perLine) {
    Value ahead = arith::AddIOp::create(
        b, loc, index, indexConstant(b, loc, bytesAhead / elementBytes + at));
    memref::PrefetchOp::create(
        b, loc, memref, ValueRange{arith::MinUIOp::create(b, loc, ahead, last)},
        /*isWrite=*/false, /*localityHint=*/3, /*isDataCache=*/true);
  }
}

void FloatBuffer::storeF32(OpBuilder &b, Location loc, Value values, Value row,
                           Value col) const {
  auto vectorType = cast<VectorType>(values.getType());
  if (getElementType().isBF16())
    values = CodecBuilder(b, loc).truncToBF16(values);
  else if (!getElementType().isF32())
    values = arith::TruncFOp::create(b, loc, vectorType.clone(getElementType()),
                                     values);
  Value index = addIndex(b, loc, mulIndex(b, loc, row, cols), col);
  vector::StoreOp::create(b, loc, values, memref, index);
}

Value cpu::toTensor(OpBuilder &b, Location loc, const FloatBuffer &buffer) {
  return bufferization::ToTensorOp::create(b, loc, buffer.type, buffer.shaped,
                                           /*restrict=*/true,
                                           /*writable=*/true);
}

//===----------------------------------------------------------------------===//
// QuantizedBuffers
//===----------------------------------------------------------------------===//

static QuantizedBuffers makeQuantizedBuffers(OpBuilder &b, Location loc,
                                             QuantizedTensorType type,
                                             Value data, Value scales,
                                             Value global) {
  QuantizedBuffers buffers;
  buffers.type = type;
  buffers.shapedData = data;
  buffers.shapedScales = scales;
  buffers.data = flatten(b, loc, data);
  buffers.scales = flatten(b, loc, scales);
  buffers.global = global;
  buffers.rows = outerSize(b, loc, data);
  buffers.dynamicSizes = dynamicSizesOf(b, loc, data, /*outerOnly=*/true);
  return buffers;
}

QuantizedBuffers cpu::getQuantizedBuffers(OpBuilder &b, Location loc,
                                          Value tensor,
                                          const CPUTarget &target) {
  auto type = cast<QuantizedTensorType>(tensor.getType());
  auto [data, scales, global] = getStorageValues(b, loc, tensor);
  QuantizedBuffers buffers = makeQuantizedBuffers(
      b, loc, type, toBuffer(b, loc, data), toBuffer(b, loc, scales), global);
  buffers.tableDecode =
      target.hasAVX512F &&
      isa<Float4E2M1FNType>(type.getScheme().getElementType()) &&
      buffers.getBlockSize() % 16 == 0;
  return buffers;
}

QuantizedBuffers cpu::allocQuantizedBuffers(OpBuilder &b, Location loc,
                                            QuantizedTensorType type,
                                            ValueRange dynamicSizes) {
  Value data = alloc(b, loc, type.getDataType(), dynamicSizes);
  // Swizzled scales pad the row count to 128: the dynamic row size rounds up.
  SmallVector<Value> scaleSizes(dynamicSizes);
  if (type.getLayout() == ScaleLayout::swizzled && !scaleSizes.empty()) {
    Value c127 = indexConstant(b, loc, 127), c128 = indexConstant(b, loc, 128);
    scaleSizes[0] =
        mulIndex(b, loc,
                 arith::DivUIOp::create(
                     b, loc, addIndex(b, loc, scaleSizes[0], c127), c128),
                 c128);
  }
  Value scales = alloc(b, loc, type.getScalesType(), scaleSizes);
  QuantizedBuffers buffers =
      makeQuantizedBuffers(b, loc, type, data, scales, Value());
  buffers.dynamicSizes.assign(dynamicSizes.begin(), dynamicSizes.end());
  if (type.getLayout() == ScaleLayout::swizzled) {
    // Padding bytes are zero (SPEC 5).
    Type scaleType = type.getScheme().getScaleType();
    Value zero = arith::BitcastOp::create(
        b, loc, scaleType,
        arith::ConstantOp::create(b, loc, b.getI8IntegerAttr(0)));
    Value size = memref::DimOp::create(b, loc, buffers.scales, 0);
    scf::ForOp::create(
        b, loc, indexConstant(b, loc, 0), size, indexConstant(b, loc, 1),
        ValueRange(), [&](OpBuilder &nb, Location nloc, Value i, ValueRange) {
          memref::StoreOp::create(nb, nloc, zero, buffers.scales, i);
          scf::YieldOp::create(nb, nloc);
        });
  }
  return buffers;
}

Value cpu::toQuantizedTensor(OpBuilder &b, Location loc,
                             const QuantizedBuffers &buffers) {
  Value data = bufferization::ToTensorOp::create(
      b, loc,
      buffers.type.getDataType().clone(
          cast<MemRefType>(buffers.shapedData.getType()).getShape()),
      buffers.shapedData, /*restrict=*/true, /*writable=*/true);
  Value scales = bufferization::ToTensorOp::create(
      b, loc,
      buffers.type.getScalesType().clone(
          cast<MemRefType>(buffers.shapedScales.getType()).getShape()),
      buffers.shapedScales, /*restrict=*/true, /*writable=*/true);
  return PackOp::create(b, loc, buffers.type, data, scales, buffers.global);
}

Value QuantizedBuffers::scaleOffset(OpBuilder &b, Location loc, Value row,
                                    Value block) const {
  return mlir::microscale::scaleOffset(b, loc, type, row, block);
}

Value QuantizedBuffers::loadScaleCode(OpBuilder &b, Location loc, Value row,
                                      Value block) const {
  Value scale =
      memref::LoadOp::create(b, loc, scales, scaleOffset(b, loc, row, block));
  return CodecBuilder(b, loc).scaleCode(scale);
}

void QuantizedBuffers::storeScaleCode(OpBuilder &b, Location loc, Value code,
                                      Value row, Value block) const {
  Value scale =
      CodecBuilder(b, loc).scaleOfCode(code, getScheme().getScaleType());
  memref::StoreOp::create(b, loc, scale, scales,
                          scaleOffset(b, loc, row, block));
}

Value QuantizedBuffers::loadCodes(OpBuilder &b, Location loc, Value row,
                                  Value block) const {
  SchemeAttr scheme = getScheme();
  int64_t n = getBlockSize();
  Value offset = blockByteOffset(b, loc, type, row, block);
  Type i8 = b.getI8Type();
  CodecBuilder codec(b, loc);
  switch (scheme.getElementBits()) {
  case 8:
    return vector::LoadOp::create(b, loc, VectorType::get({n}, i8), data,
                                  offset);
  case 4: {
    // Element 2i in the low nibble, 2i+1 in the high one (SPEC 5).
    auto half = VectorType::get({n / 2}, i8);
    Value bytes = vector::LoadOp::create(b, loc, half, data, offset);
    Value low = arith::AndIOp::create(
        b, loc, bytes,
        arith::ConstantOp::create(
            b, loc, DenseElementsAttr::get(half, b.getI8IntegerAttr(0x0F))));
    Value high = arith::ShRUIOp::create(
        b, loc, bytes,
        arith::ConstantOp::create(
            b, loc, DenseElementsAttr::get(half, b.getI8IntegerAttr(4))));
    return vector::InterleaveOp::create(b, loc, low, high);
  }
  default: {
    // Four 6-bit elements in each 24-bit little-endian group (SPEC 5):
    // widen every group to an i32 lane, then split the four fields.
    int64_t groups = n / 4;
    Value bytes = vector::LoadOp::create(
        b, loc, VectorType::get({groups * 3}, i8), data, offset);
    SmallVector<int64_t> mask;
    for (int64_t g = 0; g < groups; ++g)
      mask.append({3 * g, 3 * g + 1, 3 * g + 2, 3 * g + 2});
    Value spread = vector::ShuffleOp::create(b, loc, bytes, bytes, mask);
    auto wordsType = VectorType::get({groups}, b.getI32Type());
    Value words = vector::BitCastOp::create(b, loc, wordsType, spread);
    SmallVector<Value> fields;
    for (int j = 0; j < 4; ++j) {
      Value field = arith::AndIOp::create(
          b, loc,
          arith::ShRUIOp::create(b, loc, words, codec.i32(wordsType, 6 * j)),
          codec.i32(wordsType, 0x3F));
      fields.push_back(arith::TruncIOp::create(
          b, loc, VectorType::get({groups}, i8), field));
    }
    Value even = vector::InterleaveOp::create(b, loc, fields[0], fields[2]);
    Value odd = vector::InterleaveOp::create(b, loc, fields[1], fields[3]);
    return vector::InterleaveOp::create(b, loc, even, odd);
  }
  }
}

void QuantizedBuffers::storeCodes(OpBuilder &b, Location loc, Value codes,
                                  Value row, Value block) const {
  SchemeAttr scheme = getScheme();
  int64_t n = getBlockSize();
  Value offset = blockByteOffset(b, loc, type, row, block);
  Type i8 = b.getI8Type();
  CodecBuilder codec(b, loc);
  switch (scheme.getElementBits()) {
  case 8:
    vector::StoreOp::create(b, loc, codes, data, offset);
    return;
  case 4: {
    auto halves = vector::DeinterleaveOp::create(b, loc, codes);
    auto half = VectorType::get({n / 2}, i8);
    Value low = arith::AndIOp::create(
        b, loc, halves.getRes1(),
        arith::ConstantOp::create(
            b, loc, DenseElementsAttr::get(half, b.getI8IntegerAttr(0x0F))));
    Value high = arith::ShLIOp::create(
        b, loc, halves.getRes2(),
        arith::ConstantOp::create(
            b, loc, DenseElementsAttr::get(half, b.getI8IntegerAttr(4))));
    vector::StoreOp::create(b, loc, arith::OrIOp::create(b, loc, low, high),
                            data, offset);
    return;
  }
  default: {
    int64_t groups = n / 4;
    auto halves = vector::DeinterleaveOp::create(b, loc, codes);
    auto evens = vector::DeinterleaveOp::create(b, loc, halves.getRes1());
    auto odds = vector::DeinterleaveOp::create(b, loc, halves.getRes2());
    Value fields[4] = {evens.getRes1(), odds.getRes1(), evens.getRes2(),
                       odds.getRes2()};
    auto wordsType = VectorType::get({groups}, b.getI32Type());
    Value words;
    for (int j = 0; j < 4; ++j) {
      Value field = arith::AndIOp::create(
          b, loc, arith::ExtUIOp::create(b, loc, wordsType, fields[j]),
          codec.i32(wordsType, 0x3F));
      field = arith::ShLIOp::create(b, loc, field, codec.i32(wordsType, 6 * j));
      words = words ? arith::OrIOp::create(b, loc, words, field) : field;
    }
    Value bytes = vector::BitCastOp::create(
        b, loc, VectorType::get({groups * 4}, i8), words);
    SmallVector<int64_t> mask;
    for (int64_t g = 0; g < groups; ++g)
      mask.append({4 * g, 4 * g + 1, 4 * g + 2});
    vector::StoreOp::create(
        b, loc, vector::ShuffleOp::create(b, loc, bytes, bytes, mask), data,
        offset);
    return;
  }
  }
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
  auto i32Type = VectorType::get(codesType.getShape(), b.getI32Type());
  auto f32Type = VectorType::get(codesType.getShape(), b.getF32Type());
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
  Value anySpecial =
      vector::ReductionOp::create(b, loc, vector::CombiningKind::OR, special);
  auto branch = scf::IfOp::create(
      b, loc, anySpecial,
      [&](OpBuilder &b, Location loc) {
        Value values =
            CodecBuilder(b, loc).decode(formats::Format::E4M3, codes);
        scf::YieldOp::create(b, loc, values);
      },
      [&](OpBuilder &b, Location loc) {
        CodecBuilder codec(b, loc);
        // After sign extension, bits 31..27 of (code << 20) all hold the
        // sign: keep bit 31 and the 7 field bits under f32's exponent and
        // mantissa, then rebias the exponent (no carry: 15 + 120 < 256).
        int64_t n = codesType.getDimSize(0), part = std::min<int64_t>(n, 16);
        auto partType = VectorType::get({part}, b.getI32Type());
        Value values = arith::ConstantOp::create(
            b, loc, DenseElementsAttr::get(f32Type, b.getF32FloatAttr(0.0f)));
        for (int64_t first = 0; first < n; first += part) {
          Value wide = arith::ExtSIOp::create(b, loc, partType,
                                              loadPart(b, loc, first, part));
          Value fields = arith::AndIOp::create(
              b, loc,
              arith::ShLIOp::create(b, loc, wide, codec.i32(partType, 20)),
              codec.i32(partType, 0x87F00000LL));
          Value bits = arith::AddIOp::create(b, loc, fields,
                                             codec.i32(partType, 120 << 23));
          values = vector::InsertStridedSliceOp::create(
              b, loc,
              arith::BitcastOp::create(
                  b, loc, VectorType::get({part}, b.getF32Type()), bits),
              values, ArrayRef<int64_t>{first}, ArrayRef<int64_t>{1});
        }
        scf::YieldOp::create(b, loc, values);
      });
  return branch.getResult(0);
}

std::pair<Value, Value>
QuantizedBuffers::decodeBlockUnscaled(OpBuilder &b, Location loc, Value row,
                                      Value block) const {
  formats::Scheme numerics = getScheme().toFormats();
  assert(numerics.scale == formats::Format::E8M0 && "E8M0 scales only");
  CodecBuilder codec(b, loc);
  Value codes = loadCodes(b, loc, row, block);
  auto loadPart = [&](OpBuilder &b, Location loc, int64_t first,
                      int64_t count) -> Value {
    Value offset =
        arith::AddIOp::create(b, loc, blockByteOffset(b, loc, type, row, block),
                              indexConstant(b, loc, first));
    return vector::LoadOp::create(
        b, loc, VectorType::get({count}, b.getI8Type()), data, offset);
  };
  Value values = numerics.element == formats::Format::E4M3
                     ? decodeE4M3Normals(b, loc, codes, loadPart)
                     : codec.decode(numerics.element, codes);
  return {values, codec.e8m0Scale(loadScaleCode(b, loc, row, block))};
}

Value QuantizedBuffers::dequantizeBlock(OpBuilder &b, Location loc, Value row,
                                        Value block) const {
  SchemeAttr scheme = getScheme();
  formats::Scheme numerics = scheme.toFormats();
  if (tableDecode) {
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
  CodecBuilder codec(b, loc);
  Value code = loadScaleCode(b, loc, row, block);
  Value values = codec.decode(numerics.element, loadCodes(b, loc, row, block));
  auto vectorType = cast<VectorType>(values.getType());
  // NVFP4: (value * s) * global, two f32 roundings in that order (SPEC 3.5).
  Value scale = codec.decode(
      numerics.scale, arith::TruncIOp::create(b, loc, b.getI8Type(), code));
  values = arith::MulFOp::create(
      b, loc, values, vector::BroadcastOp::create(b, loc, vectorType, scale));
  return arith::MulFOp::create(
      b, loc, values, vector::BroadcastOp::create(b, loc, vectorType, global));
}

Value QuantizedBuffers::buildTable(OpBuilder &b, Location loc, Value code,
                                   bool withGlobal) const {
  CodecBuilder codec(b, loc);
  formats::Scheme numerics = getScheme().toFormats();
  if (numerics.scale == formats::Format::E8M0)
    return buildE2M1Table(b, loc, codec.e8m0Scale(code), Value());
  Value scale = codec.decode(
      numerics.scale, arith::TruncIOp::create(b, loc, b.getI8Type(), code));
  return buildE2M1Table(b, loc, scale, withGlobal ? global : Value());
}

SmallVector<Value> QuantizedBuffers::dequantizeBlockInLookupOrder(
    OpBuilder &b, Location loc, Value row, Value block, bool withGlobal) const {
  Value table =
      buildTable(b, loc, loadScaleCode(b, loc, row, block), withGlobal);
  Value offset = blockByteOffset(b, loc, type, row, block);
  if (!isLookupOrderPermuted()) {
    // 16 elements in 8 bytes: spread the nibbles to one index per element.
    Value bytes = vector::LoadOp::create(
        b, loc, VectorType::get({8}, b.getI8Type()), data, offset);
    return {lookupE2M1Nibbles(b, loc, table, bytes)};
  }
  SmallVector<Value> halves;
  for (int64_t chunk = 0; chunk < getBlockSize() / 32; ++chunk) {
    Value at = arith::AddIOp::create(b, loc, offset,
                                     indexConstant(b, loc, 16 * chunk));
    Value bytes = vector::LoadOp::create(
        b, loc, VectorType::get({16}, b.getI8Type()), data, at);
    auto [low, high] = lookupE2M1Bytes(b, loc, table, bytes);
    halves.push_back(low);
    halves.push_back(high);
  }
  return halves;
}

void QuantizedBuffers::prefetchAhead(OpBuilder &b, Location loc, Value row,
                                     Value block, int64_t bytesAhead) const {
  Value offset =
      arith::AddIOp::create(b, loc, blockByteOffset(b, loc, type, row, block),
                            indexConstant(b, loc, bytesAhead));
  Value last = arith::SubIOp::create(
      b, loc, memref::DimOp::create(b, loc, data, 0), indexConstant(b, loc, 1));
  offset = arith::MinUIOp::create(b, loc, offset, last);
  memref::PrefetchOp::create(b, loc, data, ValueRange{offset},
                             /*isWrite=*/false, /*localityHint=*/3,
                             /*isDataCache=*/true);
}

SmallVector<Value> QuantizedBuffers::dequantizeUnitInLookupOrder(
    OpBuilder &b, Location loc, Value row, Value unit, bool withGlobal) const {
  if (getBlockSize() >= 32)
    return dequantizeBlockInLookupOrder(b, loc, row, unit, withGlobal);
  // Two blocks of 16 in 16 bytes: lanes 0-7 of each lookup belong to the
  // first block, lanes 8-15 to the second.
  Value first = arith::MulIOp::create(b, loc, unit, indexConstant(b, loc, 2));
  Value second = arith::AddIOp::create(b, loc, first, indexConstant(b, loc, 1));
  Value table0 =
      buildTable(b, loc, loadScaleCode(b, loc, row, first), withGlobal);
  Value table1 =
      buildTable(b, loc, loadScaleCode(b, loc, row, second), withGlobal);
  Value bytes =
      vector::LoadOp::create(b, loc, VectorType::get({16}, b.getI8Type()), data,
                             blockByteOffset(b, loc, type, row, first));
  auto [even, odd] = lookupE2M1BytesTwoTables(b, loc, table0, table1, bytes);
  return {even, odd};
}

SmallVector<Value>
QuantizedBuffers::dequantizeUnitAsHalves(OpBuilder &b, Location loc, Value row,
                                         Value unit, bool withGlobal) const {
  if (tableDecode)
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
