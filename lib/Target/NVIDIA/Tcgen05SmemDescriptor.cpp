//===- Tcgen05SmemDescriptor.cpp - tcgen05 shared memory descriptor -------===//

#include "microscale/Target/NVIDIA/Tcgen05SmemDescriptor.h"

#include "SmemDescriptorFields.h"

#include <string>

namespace microscale::nvidia {

namespace {

/// Bytes after which the swizzle pattern repeats; 0 without swizzle.
uint32_t patternBytes(Tcgen05Swizzle swizzle) {
  switch (swizzle) {
  case Tcgen05Swizzle::Swizzle128B:
  case Tcgen05Swizzle::Swizzle128BAtom32B:
    return 1024;
  case Tcgen05Swizzle::Swizzle64B:
    return 512;
  case Tcgen05Swizzle::Swizzle32B:
    return 256;
  case Tcgen05Swizzle::None:
    return 0;
  }
  return 0;
}

} // namespace

uint32_t tcgen05SwizzleBaseOffset(Tcgen05Swizzle swizzle,
                                  uint32_t patternStart) {
  uint32_t bytes = patternBytes(swizzle);
  if (bytes == 0 || patternStart % bytes == 0)
    return 0;
  return (patternStart >> 7) & 0x7;
}

Status encodeTcgen05SmemDescriptor(const Tcgen05SmemMatrix &matrix,
                                   uint64_t &descriptor) {
  switch (matrix.swizzle) {
  case Tcgen05Swizzle::None:
  case Tcgen05Swizzle::Swizzle128BAtom32B:
  case Tcgen05Swizzle::Swizzle128B:
  case Tcgen05Swizzle::Swizzle64B:
  case Tcgen05Swizzle::Swizzle32B:
    break;
  default:
    return Status::error("swizzle mode " +
                         std::to_string(unsigned(matrix.swizzle)) +
                         " is invalid (0, 1, 2, 4 or 6)");
  }
  uint64_t d = 0;
  Status status =
      encodeCommonFields(matrix.startAddress, matrix.leadingByteOffset,
                         matrix.strideByteOffset, matrix.baseOffset, d);
  if (!status.ok())
    return status;
  d |= uint64_t(0b001) << 46;
  d |= uint64_t(matrix.leadingIsAbsolute) << 52;
  d |= uint64_t(matrix.swizzle) << 61;
  descriptor = d;
  return Status::success();
}

} // namespace microscale::nvidia
