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

/// The E2M1 images 2·value (+ `bias`) of the 16 codes, four times over:
/// `vpshufb` looks up within each 16-byte lane.
static Value e2m1ImageTable(OpBuilder &b, Location loc, int64_t bias) {
  SmallVector<int8_t> table;
  for (int lane = 0; lane < 4; ++lane)
    for (unsigned code = 0; code < 16; ++code) {
      int image = static_cast<int>(2 * formats::decode(
                                           formats::Format::E2M1,
                                           static_cast<uint8_t>(code))) +
                  static_cast<int>(bias);
      table.push_back(static_cast<int8_t>(static_cast<uint8_t>(image)));
    }
  auto type = VectorType::get({kImageChunk}, b.getI8Type());
  return arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(type, ArrayRef<int8_t>(table)));
}

/// Codes (one per byte, < 16) to images by one `vpshufb`.
static Value lookUpImages(OpBuilder &b, Location loc, Value table,
                          Value codes) {
  return callVectorIntrinsic(b, loc, table.getType(), kShuffleBytes,
                             ValueRange{table, codes});
}

/// `count` elements' storage bytes of E2M1 row `row` from element `first`
/// on: vector<32xi8>, zero bytes (code 0) past them.
static Value loadE2M1Bytes(OpBuilder &b, Location loc,
                           const QuantizedBuffers &buffers, Value row,
                           Value first, int64_t count) {
  int64_t rowBytes = buffers.getScheme().getStorageBytes(buffers.getCols());
  Value offset = arith::AddIOp::create(
      b, loc,
      arith::MulIOp::create(b, loc, row, indexConstant(b, loc, rowBytes)),
      arith::DivUIOp::create(b, loc, first, indexConstant(b, loc, 2)));
  Value bytes = buffers.loadBytes(b, loc, offset, count / 2);
  if (count == kImageChunk)
    return bytes;
  auto partType = cast<VectorType>(bytes.getType());
  Value zeros = splatI8(b, loc, partType, 0);
  SmallVector<int64_t> mask;
  for (int64_t i = 0; i < kImageChunk / 2; ++i)
    mask.push_back(i < count / 2 ? i : count / 2);
  return vector::ShuffleOp::create(b, loc, bytes, zeros, mask);
}

/// Each byte's low nibble, then its high one, as separate bytes.
static std::pair<Value, Value> splitNibbles(OpBuilder &b, Location loc,
                                            Value bytes) {
  auto type = cast<VectorType>(bytes.getType());
  Value low = arith::AndIOp::create(b, loc, bytes, splatI8(b, loc, type, 0x0F));
  Value high = arith::ShRUIOp::create(b, loc, bytes, splatI8(b, loc, type, 4));
  return {low, high};
}

/// E2M1 codes to 2·value in element order: both nibbles of each byte
/// become table indices, then one `vpshufb` per 64 elements.
static Value lookupE2M1Images(OpBuilder &b, Location loc,
                              const QuantizedBuffers &buffers, Value row,
                              Value first, int64_t count) {
  Value bytes = loadE2M1Bytes(b, loc, buffers, row, first, count);
  auto [low, high] = splitNibbles(b, loc, bytes);
  // Element 2i is byte i's low nibble, 2i + 1 its high one (Numerics §5).
  SmallVector<int64_t> order;
  for (int64_t i = 0; i < kImageChunk / 2; ++i)
    order.append({i, kImageChunk / 2 + i});
  Value indices = vector::ShuffleOp::create(b, loc, low, high, order);
  return lookUpImages(b, loc, e2m1ImageTable(b, loc, 0), indices);
}

SmallVector<Value> cpu::loadE2M1Groups(OpBuilder &b, Location loc,
                                       const QuantizedBuffers &buffers,
                                       ArrayRef<Value> rows, Value first,
                                       int64_t count, int64_t bias) {
  constexpr int64_t kRows = kGroupRows, kRowBytes = kImageChunk / 2;
  assert(static_cast<int64_t>(rows.size()) == kRows && "16 rows");
  // A byte of the 16 rows' storage: (row, byte of the row). Byte pair u of
  // a row holds its group of 4 values u.
  using Byte = std::pair<int64_t, int64_t>;
  // Eight 64-byte registers, rows r and r + 8 in register r: 16 x 16 pairs
  // of bytes, transposed in three rounds. Round t pairs registers that
  // differ in bit t of the register index (bit t of the row) and gives
  // each of the two the pairs whose group has bit t + 1 clear or set, so
  // that register g ends up with groups 2g and 2g + 1 of all 16 rows.
  SmallVector<Value> registers;
  SmallVector<SmallVector<Byte>> holds;
  for (int64_t r = 0; r < kRows / 2; ++r) {
    SmallVector<int64_t> both;
    SmallVector<Byte> held;
    for (int64_t i = 0; i < 2 * kRowBytes; ++i) {
      both.push_back(i);
      held.push_back({r + kRows / 2 * (i / kRowBytes), i % kRowBytes});
    }
    registers.push_back(vector::ShuffleOp::create(
        b, loc, loadE2M1Bytes(b, loc, buffers, rows[r], first, count),
        loadE2M1Bytes(b, loc, buffers, rows[r + kRows / 2], first, count),
        both));
    holds.push_back(held);
  }
  // Where the last round puts each byte: in 16-byte lane l, rows 4l to
  // 4l + 3 of the even group, then of the odd one, so that interleaving
  // each lane's low and high halves' nibbles (vpunpcklbw/hbw) gives each
  // group's 16 rows of 4 codes in order.
  auto finalPosition = [](const Byte &byte) {
    auto [row, index] = byte;
    int64_t oddGroup = (index / 2) % 2;
    return 16 * (row / 4) + 8 * oddGroup + 2 * (row % 4) + index % 2;
  };
  for (int64_t round = 0; round < 3; ++round) {
    int64_t bit = int64_t(1) << round;
    bool last = round == 2;
    for (int64_t r = 0; r < kRows / 2; ++r) {
      if (r & bit)
        continue;
      const SmallVector<Byte> &lowHeld = holds[r], &highHeld = holds[r | bit];
      SmallVector<Byte> concatenated(lowHeld);
      concatenated.append(highHeld.begin(), highHeld.end());
      for (int64_t side = 0; side < 2; ++side) {
        SmallVector<int64_t> mask(2 * kRowBytes, -1);
        SmallVector<Byte> held(2 * kRowBytes);
        int64_t next = 0;
        for (auto [i, byte] : llvm::enumerate(concatenated)) {
          int64_t group = byte.second / 2;
          if (((group >> (round + 1)) & 1) != side)
            continue;
          int64_t at = last ? finalPosition(byte) : next++;
          mask[at] = static_cast<int64_t>(i);
          held[at] = byte;
        }
        assert(!llvm::is_contained(mask, -1) && "a whole register");
        registers.push_back(vector::ShuffleOp::create(
            b, loc, registers[r], registers[r | bit], mask));
        holds.push_back(held);
      }
    }
    // The pairs' outputs were appended low then high: put them in place.
    SmallVector<Value> placed(kRows / 2);
    SmallVector<SmallVector<Byte>> placedHolds(kRows / 2);
    int64_t produced = kRows / 2;
    for (int64_t r = 0; r < kRows / 2; ++r) {
      if (r & bit)
        continue;
      placed[r] = registers[produced];
      placedHolds[r] = holds[produced++];
      placed[r | bit] = registers[produced];
      placedHolds[r | bit] = holds[produced++];
    }
    registers = placed;
    holds = placedHolds;
  }

  Value table = e2m1ImageTable(b, loc, bias);
  SmallVector<Value> groups;
  for (Value pairOfGroups : registers) {
    auto [low, high] = splitNibbles(b, loc, pairOfGroups);
    for (int64_t half = 0; half < 2; ++half) {
      SmallVector<int64_t> interleave;
      for (int64_t lane = 0; lane < 4; ++lane)
        for (int64_t i = 0; i < 8; ++i)
          interleave.append({16 * lane + 8 * half + i,
                             kImageChunk + 16 * lane + 8 * half + i});
      Value codes = vector::ShuffleOp::create(b, loc, low, high, interleave);
      groups.push_back(lookUpImages(b, loc, table, codes));
    }
  }
  return groups;
}

Value cpu::loadIntegerImages(OpBuilder &b, Location loc,
                             const QuantizedBuffers &buffers, Value row,
                             Value first, int64_t count) {
  Type element = buffers.getScheme().getElementType();
  int64_t block = buffers.getBlockSize();
  if (isa<Float4E2M1FNType>(element))
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
  return images;
}
