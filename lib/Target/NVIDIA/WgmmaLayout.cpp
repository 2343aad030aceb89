//===- WgmmaLayout.cpp - Hopper wgmma operand and result layouts ----------===//

#include "microscale/Target/NVIDIA/WgmmaLayout.h"

#include "SmemDescriptorFields.h"

#include <string>

namespace microscale::nvidia {

Status encodeWgmmaSmemDescriptor(const WgmmaSmemMatrix &matrix,
                                 uint64_t &descriptor) {
  if (static_cast<unsigned>(matrix.swizzle) > 3)
    return Status::error("swizzle mode " +
                         std::to_string(unsigned(matrix.swizzle)) +
                         " is invalid (0..3)");
  uint64_t d = 0;
  Status status =
      encodeCommonFields(matrix.startAddress, matrix.leadingByteOffset,
                         matrix.strideByteOffset, matrix.baseOffset, d);
  if (!status.ok())
    return status;
  descriptor = d | uint64_t(matrix.swizzle) << 62;
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
