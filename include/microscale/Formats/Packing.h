//===- Packing.h - Storage packing of element codes -------------*- C++ -*-===//
//
// Numerics §5: FP4 puts element 2i in bits [3:0] and 2i+1 in bits [7:4] of a
// byte; FP6 puts element j of a group of four at bits [6j, 6j+6) of the
// group's little-endian 24-bit word; 8-bit codes are their own storage.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_FORMATS_PACKING_H
#define MICROSCALE_FORMATS_PACKING_H

#include "microscale/Formats/ElementFormats.h"
#include "microscale/Formats/Status.h"

#include <cstddef>
#include <cstdint>

namespace microscale::formats {

/// Bytes that n elements occupy (n a multiple of the packing unit).
size_t packedBytes(Format format, size_t n);

/// Packs n codes (one per byte; bits above the format's width are dropped)
/// into packedBytes(format, n) bytes. n must be a multiple of the packing
/// unit; nothing is padded.
Status pack(Format format, const uint8_t *codes, uint8_t *packed, size_t n);
/// The inverse of pack: n codes from packedBytes(format, n) bytes.
Status unpack(Format format, const uint8_t *packed, uint8_t *codes, size_t n);

} // namespace microscale::formats

#endif // MICROSCALE_FORMATS_PACKING_H
