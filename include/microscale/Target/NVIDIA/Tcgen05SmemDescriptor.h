//===- Tcgen05SmemDescriptor.h - tcgen05 shared memory descriptor -*- C++ -*-=//
//
// The 64-bit descriptor of a matrix in shared memory that tcgen05.mma (and
// tcgen05.cp) read. PTX ISA 9.7.16.4.1 "Shared memory descriptor", Table 40:
//
//   bits  0-13  encode(matrix start address)
//   bits 16-29  encode(leading dimension byte offset), or of its absolute
//               address when bit 52 is set (sm_103a)
//   bits 32-45  encode(stride dimension byte offset)
//   bits 46-48  fixed 0b001 (the sm_100 descriptor version; Hopper's wgmma
//               descriptor has no such field)
//   bits 49-51  matrix base offset
//   bit  52     leading dimension stride mode: 0 relative, 1 absolute
//   bits 53-60  fixed 0
//   bits 61-63  swizzle: 0 none, 1 128B with 32B atom, 2 128B, 4 64B, 6 32B
//
// with encode(x) = (x & 0x3FFFF) >> 4; address and offsets 16-byte aligned.
// Table 41: the base offset is 0 when the swizzle pattern starts on its
// boundary (1024 bytes for 128B, 512 for 64B, 256 for 32B), else
// (pattern start address >> 7) & 7.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_TARGET_NVIDIA_TCGEN05SMEMDESCRIPTOR_H
#define MICROSCALE_TARGET_NVIDIA_TCGEN05SMEMDESCRIPTOR_H

#include "microscale/Formats/Status.h"

#include <cstdint>

namespace microscale::nvidia {

using formats::Status;

/// The swizzle field's values.
enum class Tcgen05Swizzle : uint8_t {
  None = 0,
  Swizzle128BAtom32B = 1,
  Swizzle128B = 2,
  Swizzle64B = 4,
  Swizzle32B = 6,
};

struct Tcgen05SmemMatrix {
  /// Shared-memory byte address of the matrix (the CTA's window).
  uint32_t startAddress = 0;
  /// Leading dimension byte offset, or the absolute address of the second
  /// chunk when `leadingIsAbsolute`.
  uint32_t leadingByteOffset = 0;
  uint32_t strideByteOffset = 0;
  Tcgen05Swizzle swizzle = Tcgen05Swizzle::None;
  /// 0..7; see tcgen05SwizzleBaseOffset.
  uint32_t baseOffset = 0;
  bool leadingIsAbsolute = false;
};

/// Table 41: the base offset for a swizzle pattern that starts at
/// `patternStart`: 0 on the pattern's boundary, else bits 7-9 of the address.
uint32_t tcgen05SwizzleBaseOffset(Tcgen05Swizzle swizzle,
                                  uint32_t patternStart);

/// Checks the alignment and ranges and encodes `matrix` into `descriptor`.
Status encodeTcgen05SmemDescriptor(const Tcgen05SmemMatrix &matrix,
                                   uint64_t &descriptor);

} // namespace microscale::nvidia

#endif // MICROSCALE_TARGET_NVIDIA_TCGEN05SMEMDESCRIPTOR_H
