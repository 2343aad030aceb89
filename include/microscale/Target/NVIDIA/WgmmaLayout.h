//===- WgmmaLayout.h - Hopper wgmma operand and result layouts --*- C++ -*-===//
//
// What sm_90a's `wgmma.mma_async` reads and writes, as the E4M3 matmul
// kernel uses it (K-major A and B in shared memory, 128-byte swizzle, f32
// accumulators in registers). PTX ISA 9.7.15.5.1 "Matrix Descriptor
// Format" (wgmma):
//
//   bits  0-13  encode(matrix start address)
//   bits 16-29  encode(leading dimension byte offset)
//   bits 32-45  encode(stride dimension byte offset)
//   bits 49-51  matrix base offset
//   bits 62-63  swizzle: 0 none, 1 128B, 2 64B, 3 32B
//
// with encode(x) = (x & 0x3FFFF) >> 4, every other bit 0. (tcgen05's
// descriptor, Tcgen05SmemDescriptor.h, differs: a version field in bits
// 46-48 and a 3-bit swizzle field in bits 61-63 with other codes.)
//
// K-major operands with the 128-byte swizzle (9.7.15.5.1.2, the layout TMA
// writes with CU_TENSOR_MAP_SWIZZLE_128B): rows of 128 bytes, groups of 8
// rows (1024 bytes, the pattern) one after the other; within a group the
// 16-byte chunk c of row r is stored at chunk c XOR (r mod 8). The stride
// dimension byte offset is the distance between 8-row groups (1024); the
// leading dimension byte offset is not used for swizzled K-major layouts
// (1 by convention). Successive K steps of one instruction (32 bytes of
// E4M3) start 32 bytes further into the pattern.
//
// Accumulator fragments of `.m64nNk32` with f32 D (9.7.15.5.1, "Matrix
// fragments for wgmma .m64nNk32", D): thread t of the warpgroup (warp
// w = t / 32, lane = 4 * group + tig) holds N / 2 registers; register i is
// element (16 w + group + 8 * ((i / 2) mod 2), 8 * (i / 4) + 2 * tig + i mod
// 2).
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_TARGET_NVIDIA_WGMMALAYOUT_H
#define MICROSCALE_TARGET_NVIDIA_WGMMALAYOUT_H

#include "microscale/Formats/Status.h"

#include <cstdint>

namespace microscale::nvidia {

using formats::Status;

/// The swizzle field's values (2 bits).
enum class WgmmaSwizzle : uint8_t {
  None = 0,
  Swizzle128B = 1,
  Swizzle64B = 2,
  Swizzle32B = 3,
};

struct WgmmaSmemMatrix {
  /// Shared-memory byte address of the matrix (the CTA's window).
  uint32_t startAddress = 0;
  uint32_t leadingByteOffset = 0;
  uint32_t strideByteOffset = 0;
  /// 0..7: nonzero only when the swizzle pattern does not start on its
  /// boundary (1024 bytes for 128B).
  uint32_t baseOffset = 0;
  WgmmaSwizzle swizzle = WgmmaSwizzle::None;
};

/// Checks the alignment and ranges and encodes `matrix` into `descriptor`.
Status encodeWgmmaSmemDescriptor(const WgmmaSmemMatrix &matrix,
                                 uint64_t &descriptor);

/// Bytes of one row of a K-major tile with the 128-byte swizzle, and of one
/// pattern (8 rows).
constexpr uint32_t kSwizzle128BRowBytes = 128;
constexpr uint32_t kSwizzle128BPatternBytes = 1024;

/// The descriptor of the K-major, 128-byte-swizzled operand tile at
/// `tileStart` (1024-byte aligned), for the instruction whose K slice starts
/// `kByte` bytes into the rows (a multiple of 32 below 128).
Status encodeWgmmaKMajorSwizzle128B(uint32_t tileStart, uint32_t kByte,
                                    uint64_t &descriptor);

/// Where byte `kByte` (< 128) of row `row` of such a tile lies, from the
/// tile's start.
uint32_t swizzle128BOffset(uint32_t row, uint32_t kByte);

/// The element of the 64 x N f32 accumulator that register `reg` of thread
/// `thread` (0..127) of the warpgroup holds.
struct WgmmaElement {
  uint32_t row, col;
};
WgmmaElement wgmmaAccumulatorElement(uint32_t thread, uint32_t reg);

} // namespace microscale::nvidia

#endif // MICROSCALE_TARGET_NVIDIA_WGMMALAYOUT_H
