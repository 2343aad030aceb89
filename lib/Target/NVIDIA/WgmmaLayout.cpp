//===- WgmmaLayout.cpp - Hopper wgmma operand and result layouts ----------===//

#include "microscale/Target/NVIDIA/WgmmaLayout.h"

#include <string>

namespace microscale::nvidia {

namespace {

/// 14-bit fields hold bits 4-17 of an 18-bit shared-memory byte value.
Status checkField(const char *what, uint32_t value) {
  if (value % 16 != 0)
    return Status::error(std::string(what) + " " + std::to_string(value) +
                         " is not 16-byte aligned");
  if (value >= (1u << 18))
    return Status::error(std::string(what) + " " + std::to_string(value) +
                         " does not fit 18 bits");
  return Status::success();
}

uint64_t encodeField(uint32_t value) { return (value & 0x3FFFF) >> 4; }

} // namespace

Status encodeWgmmaSmemDescriptor(const WgmmaSmemMatrix &matrix,
                                 uint64_t &descriptor) {
  // The leading offset of a swizzled K-major layout is unused and
  // conventionally 1 (encoded): take a raw 16 for it, as for any offset.
  for (Status s :
       {checkField("start address", matrix.startAddress),
        checkField("leading dimension byte offset", matrix.leadingByteOffset),
        checkField("stride dimension byte offset", matrix.strideByteOffset)})
    if (!s.ok())
      return s;
  if (static_cast<unsigned>(matrix.swizzle) > 3)
    return Status::error("swizzle mode " +
                         std::to_string(unsigned(matrix.swizzle)) +
                         " is invalid (0..3)");
  if (matrix.baseOffset > 7)
    return Status::error("matrix base offset " +
                         std::to_string(matrix.baseOffset) +
                         " does not fit 3 bits");
  uint64_t d = 0;
  d |= encodeField(matrix.startAddress);
  d |= encodeField(matrix.leadingByteOffset) << 16;
  d |= encodeField(matrix.strideByteOffset) << 32;
  d |= uint64_t(matrix.baseOffset) << 49;
  d |= uint64_t(matrix.swizzle) << 62;
  descriptor = d;
  return Status::success();
}

Status encodeWgmmaKMajorSwizzle128B(uint32_t tileStart, uint32_t kByte,
                                    uint64_t &descriptor) {
  if (tileStart % kSwizzle128BPatternBytes != 0)
    return Status::error("tile start " + std::to_string(tileStart) +
                         " is not 1024-byte aligned");
  if (kByte % 32 != 0 || kByte >= kSwizzle128BRowBytes)
    return Status::error("K offset " + std::to_string(kByte) +
                         " is not a multiple of 32 below 128");
  WgmmaSmemMatrix matrix;
  matrix.startAddress = tileStart + kByte;
  matrix.leadingByteOffset = 16;
  matrix.strideByteOffset = kSwizzle128BPatternBytes;
  matrix.swizzle = WgmmaSwizzle::Swizzle128B;
  return encodeWgmmaSmemDescriptor(matrix, descriptor);
}

uint32_t swizzle128BOffset(uint32_t row, uint32_t kByte) {
  uint32_t chunk = (kByte / 16) ^ (row % 8);
  return row * kSwizzle128BRowBytes + chunk * 16 + kByte % 16;
}

WgmmaElement wgmmaAccumulatorElement(uint32_t thread, uint32_t reg) {
  uint32_t warp = thread / 32, lane = thread % 32;
  uint32_t group = lane / 4, tig = lane % 4;
  return {16 * warp + group + 8 * ((reg / 2) % 2),
          8 * (reg / 4) + 2 * tig + reg % 2};
}

} // namespace microscale::nvidia
