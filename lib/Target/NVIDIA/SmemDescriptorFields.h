//===- SmemDescriptorFields.h - address fields of MMA descriptors -*- C++ -*-=//
//
// wgmma's and tcgen05's shared-memory descriptors hold the matrix start
// address and the two byte offsets the same way: 14 bits of
// matrix-descriptor-encode(x) = (x & 0x3FFFF) >> 4, x 16-byte aligned.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_LIB_TARGET_NVIDIA_SMEMDESCRIPTORFIELDS_H
#define MICROSCALE_LIB_TARGET_NVIDIA_SMEMDESCRIPTORFIELDS_H

#include "microscale/Formats/Status.h"

#include <cstdint>
#include <string>

namespace microscale::nvidia {

inline uint64_t encodeDescriptorField(uint32_t value) {
  return (value & 0x3FFFFu) >> 4;
}

/// Whether `value` (named `what` in the message) fits a field.
inline formats::Status checkDescriptorField(const char *what, uint32_t value) {
  if (value % 16 != 0)
    return formats::Status::error(std::string(what) + " " +
                                  std::to_string(value) +
                                  " is not 16-byte aligned");
  if (value > 0x3FFFFu)
    return formats::Status::error(
        std::string(what) + " " + std::to_string(value) +
        " does not fit the descriptor's 18 address bits");
  return formats::Status::success();
}

/// Checks and encodes what both descriptors hold the same way: the start
/// address (bits 0-13), the leading (16-29) and stride (32-45) byte offsets
/// and the 3-bit matrix base offset (49-51), into `bits`.
inline formats::Status encodeCommonFields(uint32_t startAddress,
                                          uint32_t leadingByteOffset,
                                          uint32_t strideByteOffset,
                                          uint32_t baseOffset, uint64_t &bits) {
  for (formats::Status s :
       {checkDescriptorField("start address", startAddress),
        checkDescriptorField("leading dimension byte offset",
                             leadingByteOffset),
        checkDescriptorField("stride dimension byte offset", strideByteOffset)})
    if (!s.ok())
      return s;
  if (baseOffset > 7)
    return formats::Status::error("matrix base offset " +
                                  std::to_string(baseOffset) +
                                  " does not fit 3 bits");
  bits = encodeDescriptorField(startAddress) |
         encodeDescriptorField(leadingByteOffset) << 16 |
         encodeDescriptorField(strideByteOffset) << 32 |
         uint64_t(baseOffset) << 49;
  return formats::Status::success();
}

} // namespace microscale::nvidia

#endif // MICROSCALE_LIB_TARGET_NVIDIA_SMEMDESCRIPTORFIELDS_H
