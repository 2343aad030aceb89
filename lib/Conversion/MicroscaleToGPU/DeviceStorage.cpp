//===- DeviceStorage.cpp - kernel-side access to operand storage ----------===//

#include "DeviceStorage.h"
#include "DeviceSession.h"

#include "microscale/Conversion/Codecs/BlockCodecs.h"
#include "microscale/Conversion/Codecs/OperandStorage.h"
#include "microscale/Conversion/Codecs/StorageIndexing.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

using namespace mlir;
using namespace mlir::microscale;
using namespace mlir::microscale::nvvm;

static Value flatIndex(OpBuilder &b, Location loc, Value row, Value cols,
                       Value col) {
  return arith::AddIOp::create(b, loc, arith::MulIOp::create(b, loc, row, cols),
                               col);
}

//===----------------------------------------------------------------------===//
// DeviceFloats
//===----------------------------------------------------------------------===//

Type DeviceFloats::getElementType() const {
  return cast<MemRefType>(memref.getType()).getElementType();
}

Value DeviceFloats::load(OpBuilder &b, Location loc, Value row,
                         Value col) const {
  Value value =
      memref::LoadOp::create(b, loc, memref, flatIndex(b, loc, row, cols, col));
  if (getElementType().isF32())
    return value;
  return arith::ExtFOp::create(b, loc, b.getF32Type(), value);
}

void DeviceFloats::store(OpBuilder &b, Location loc, Value value, Value row,
                         Value col) const {
  if (getElementType().isBF16())
    value = CodecBuilder(b, loc).truncToBF16(value);
  else if (!getElementType().isF32())
    value = arith::TruncFOp::create(b, loc, getElementType(), value);
  memref::StoreOp::create(b, loc, value, memref,
                          flatIndex(b, loc, row, cols, col));
}

//===----------------------------------------------------------------------===//
// DeviceQuantized
//===----------------------------------------------------------------------===//

static Value byteAt(OpBuilder &b, Location loc, Value memref, Value index) {
  return memref::LoadOp::create(b, loc, memref, index);
}

Value DeviceQuantized::loadCode(OpBuilder &b, Location loc, Value row,
                                Value col) const {
  SchemeAttr scheme = getScheme();
  auto c = [&](int64_t v) { return indexConstant(b, loc, v); };
  Value rowStart =
      arith::MulIOp::create(b, loc, row, c(scheme.getStorageBytes(getCols())));
  Type i8 = b.getI8Type(), i32 = b.getI32Type();
  BlockCodec blocks(b, loc, scheme.toFormats());
  CodecBuilder &codec = blocks.elements();
  switch (scheme.getElementBits()) {
  case 8:
    return byteAt(b, loc, data, arith::AddIOp::create(b, loc, rowStart, col));
  case 4: {
    // Element 2i in the low nibble, 2i+1 in the high one (Numerics §5).
    Value byte = byteAt(
        b, loc, data,
        arith::AddIOp::create(b, loc, rowStart,
                              arith::DivUIOp::create(b, loc, col, c(2))));
    Value shift = arith::IndexCastOp::create(
        b, loc, i8,
        arith::MulIOp::create(b, loc, arith::RemUIOp::create(b, loc, col, c(2)),
                              c(4)));
    return blocks.unpackField(byte, 4, shift);
  }
  default: {
    // Element j of a group of four: bits [6j, 6j + 6) of the group's 24-bit
    // little-endian word (Numerics §5).
    Value group = arith::AddIOp::create(
        b, loc, rowStart,
        arith::MulIOp::create(b, loc, arith::DivUIOp::create(b, loc, col, c(4)),
                              c(3)));
    Value word;
    for (int64_t i = 0; i < 3; ++i) {
      Value byte = arith::ExtUIOp::create(
          b, loc, i32,
          byteAt(b, loc, data, arith::AddIOp::create(b, loc, group, c(i))));
      byte = arith::ShLIOp::create(b, loc, byte, codec.i32(i32, 8 * i));
      word = word ? arith::OrIOp::create(b, loc, word, byte) : byte;
    }
    Value shift = arith::IndexCastOp::create(
        b, loc, i32,
        arith::MulIOp::create(b, loc, arith::RemUIOp::create(b, loc, col, c(4)),
                              c(6)));
    return blocks.unpackField(word, 6, shift);
  }
  }
}

Value DeviceQuantized::loadE4M3Code(OpBuilder &b, Location loc, Value row,
                                    Value col) const {
  Value code = loadCode(b, loc, row, col);
  formats::Format format = getScheme().toFormats().element;
  if (format != formats::Format::E4M3) {
    CodecBuilder codec(b, loc);
    code = codec.encode(formats::Format::E4M3, codec.decode(format, code));
  }
  return arith::ExtUIOp::create(b, loc, b.getI32Type(), code);
}

void DeviceQuantized::storeUnit(OpBuilder &b, Location loc,
                                ArrayRef<Value> codes, Value row,
                                Value col) const {
  SchemeAttr scheme = getScheme();
  auto c = [&](int64_t v) { return indexConstant(b, loc, v); };
  Value rowStart =
      arith::MulIOp::create(b, loc, row, c(scheme.getStorageBytes(getCols())));
  // The unit's first byte: col * bits / 8 (col is a multiple of the unit).
  Value byteIndex = arith::AddIOp::create(
      b, loc, rowStart,
      arith::DivUIOp::create(
          b, loc,
          arith::MulIOp::create(b, loc, col, c(scheme.getElementBits())),
          c(8)));
  Type i8 = b.getI8Type(), i32 = b.getI32Type();
  CodecBuilder codec(b, loc);
  // Pack the unit's codes into a little-endian word, then store its bytes.
  int bits = scheme.getElementBits();
  Value word =
      BlockCodec(b, loc, scheme.toFormats()).packFields(codes, bits, i32);
  int64_t bytes = bits * static_cast<int64_t>(codes.size()) / 8;
  for (int64_t i = 0; i < bytes; ++i) {
    Value byte = arith::TruncIOp::create(
        b, loc, i8,
        arith::ShRUIOp::create(b, loc, word, codec.i32(i32, 8 * i)));
    Value at = arith::AddIOp::create(b, loc, byteIndex, c(i));
    memref::StoreOp::create(b, loc, byte, data, ValueRange{at});
  }
}

Value DeviceQuantized::loadScaleCode(OpBuilder &b, Location loc, Value row,
                                     Value block) const {
  Value scale = memref::LoadOp::create(b, loc, scales,
                                       scaleOffset(b, loc, type, row, block));
  return CodecBuilder(b, loc).scaleCode(scale);
}

void DeviceQuantized::storeScaleCode(OpBuilder &b, Location loc, Value code,
                                     Value row, Value block) const {
  memref::StoreOp::create(
      b, loc,
      CodecBuilder(b, loc).scaleOfCode(code, getScheme().getScaleType()),
      scales, scaleOffset(b, loc, type, row, block));
}

Value DeviceQuantized::scaleValue(OpBuilder &b, Location loc,
                                  Value code) const {
  return BlockCodec(b, loc, getScheme().toFormats()).scaleValue(code);
}

Value DeviceQuantized::dequantize(OpBuilder &b, Location loc, Value row,
                                  Value col) const {
  Value block = arith::DivUIOp::create(b, loc, col,
                                       indexConstant(b, loc, getBlockSize()));
  BlockCodec codec(b, loc, getScheme().toFormats());
  return codec.dequantize(loadCode(b, loc, row, col),
                          codec.scaleValue(loadScaleCode(b, loc, row, block)),
                          global);
}

DeviceQuantized nvvm::copyInQuantized(OpBuilder &b, Location loc,
                                      DeviceSession &session, Value tensor,
                                      Value *rows,
                                      SmallVectorImpl<Value> *outerSizes) {
  auto [data, scales, global] = getStorageValues(b, loc, tensor);
  Value hostData = hostBuffer(b, loc, data);
  if (rows)
    *rows = outerSize(b, loc, hostData);
  if (outerSizes)
    outerSizes->append(dynamicSizesOf(b, loc, hostData, /*outerOnly=*/true));
  return {cast<QuantizedTensorType>(tensor.getType()), session.copyIn(data),
          session.copyIn(scales), global};
}
