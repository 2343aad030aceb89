//===- IntegerImages.cpp - block-scaled elements as exact int8 ------------===//

#include "IntegerImages.h"
#include "X86Intrinsics.h"

#include "microscale/Conversion/Codecs/ElementCodecs.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::microscale;
using namespace mlir::microscale::cpu;

std::optional<int64_t> cpu::integerImageShift(Type element) {
  if (isa<Float4E2M1FNType>(element))
    return 1;
  if (isa<Float6E2M3FNType>(element))
    return 3;
  if (element.isInteger(8))
    return 6;
  return std::nullopt;
}

static Value splatI8(OpBuilder &b, Location loc, VectorType type,
                     int64_t value) {
  return arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(type, b.getI8IntegerAttr(value)));
}

/// One block's images in element order, through the generic decoder.
static Value blockImages(OpBuilder &b, Location loc,
                         const QuantizedBuffers &buffers, Value row,
                         Value block) {
  Value codes = buffers.loadCodes(b, loc, row, block);
  Type element = buffers.getScheme().getElementType();
  if (element.isInteger(8))
    return codes;
  CodecBuilder codec(b, loc);
  Value values = codec.decode(buffers.getScheme().toFormats().element, codes);
  values = arith::MulFOp::create(
      b, loc, values,
      codec.f32(values.getType(),
                static_cast<float>(1 << *integerImageShift(element))));
  return arith::FPToSIOp::create(b, loc, codes.getType(), values);
}

/// E2M1 codes to 2·value by one `vpshufb` per 64 elements: both nibbles of
/// each byte become table indices, the low ones (even elements) of each
/// unit first.
static Value lookupE2M1Images(OpBuilder &b, Location loc,
                              const QuantizedBuffers &buffers, Value row,
                              Value first, int64_t count) {
  Type i8 = b.getI8Type();
  int64_t rowBytes = buffers.getScheme().getStorageBytes(buffers.getCols());
  Value offset = arith::AddIOp::create(
      b, loc,
      arith::MulIOp::create(b, loc, row, indexConstant(b, loc, rowBytes)),
      arith::DivUIOp::create(b, loc, first, indexConstant(b, loc, 2)));
  auto bytesType = VectorType::get({kImageChunk / 2}, i8);
  Value bytes = buffers.loadBytes(b, loc, offset, count / 2);
  if (count < kImageChunk) {
    // Zero bytes (code 0, image 0) past the end.
    auto partType = cast<VectorType>(bytes.getType());
    Value zeros = splatI8(b, loc, partType, 0);
    SmallVector<int64_t> mask;
    for (int64_t i = 0; i < kImageChunk / 2; ++i)
      mask.push_back(i < count / 2 ? i : count / 2);
    bytes = vector::ShuffleOp::create(b, loc, bytes, zeros, mask);
  }
  Value low =
      arith::AndIOp::create(b, loc, bytes, splatI8(b, loc, bytesType, 0x0F));
  Value high =
      arith::ShRUIOp::create(b, loc, bytes, splatI8(b, loc, bytesType, 4));
  int64_t unitBytes = std::min<int64_t>(buffers.getBlockSize(), 32) / 2;
  SmallVector<int64_t> order;
  for (int64_t unit = 0; unit < kImageChunk / 2; unit += unitBytes) {
    for (int64_t i = 0; i < unitBytes; ++i)
      order.push_back(unit + i);
    for (int64_t i = 0; i < unitBytes; ++i)
      order.push_back(kImageChunk / 2 + unit + i);
  }
  Value indices = vector::ShuffleOp::create(b, loc, low, high, order);

  // vpshufb looks up within each 16-byte lane: the table four times.
  SmallVector<int8_t> table;
  for (int lane = 0; lane < 4; ++lane)
    for (unsigned code = 0; code < 16; ++code)
      table.push_back(
          static_cast<int8_t>(2 * formats::decode(formats::Format::E2M1,
                                                  static_cast<uint8_t>(code))));
  auto imagesType = VectorType::get({kImageChunk}, i8);
  Value tableValue = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(imagesType, ArrayRef<int8_t>(table)));
  return callVectorIntrinsic(b, loc, imagesType, kShuffleBytes,
                             ValueRange{tableValue, indices});
}

/// Element-order images rearranged into lookup order: each unit's even
/// elements, then its odd ones.
static Value toLookupOrder(OpBuilder &b, Location loc, Value images,
                           int64_t unit) {
  SmallVector<int64_t> order;
  for (int64_t start = 0; start < kImageChunk; start += unit) {
    for (int64_t i = 0; i < unit; i += 2)
      order.push_back(start + i);
    for (int64_t i = 1; i < unit; i += 2)
      order.push_back(start + i);
  }
  return vector::ShuffleOp::create(b, loc, images, images, order);
}

Value cpu::loadIntegerImages(OpBuilder &b, Location loc,
                             const QuantizedBuffers &buffers, Value row,
                             Value first, int64_t count, bool lookupOrder) {
  Type element = buffers.getScheme().getElementType();
  int64_t block = buffers.getBlockSize();
  if (lookupOrder && isa<Float4E2M1FNType>(element))
    return lookupE2M1Images(b, loc, buffers, row, first, count);
  Value images =
      splatI8(b, loc, VectorType::get({kImageChunk}, b.getI8Type()), 0);
  Value firstBlock =
      arith::DivUIOp::create(b, loc, first, indexConstant(b, loc, block));
  for (int64_t i = 0; i < count / block; ++i) {
    Value blockIndex =
        arith::AddIOp::create(b, loc, firstBlock, indexConstant(b, loc, i));
    images = vector::InsertStridedSliceOp::create(
        b, loc, blockImages(b, loc, buffers, row, blockIndex), images,
        ArrayRef<int64_t>{i * block}, ArrayRef<int64_t>{1});
  }
  if (lookupOrder)
    return toLookupOrder(b, loc, images, std::min<int64_t>(block, 32));
  return images;
}
