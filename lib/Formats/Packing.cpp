//===- Packing.cpp - Storage packing of element codes ---------------------===//

#include "microscale/Formats/Packing.h"

#include <cstring>
#include <string>

using namespace microscale::formats;

namespace {

Status checkCount(Format format, size_t n) {
  size_t unit = static_cast<size_t>(packingUnit(format));
  if (n % unit == 0)
    return Status::success();
  return Status::error("the element count (" + std::to_string(n) +
                       ") must be a multiple of " + std::to_string(unit) +
                       ", the packing unit of " + getFormatInfo(format).name +
                       "; nothing is padded implicitly");
}

} // namespace

size_t microscale::formats::packedBytes(Format format, size_t n) {
  return n * static_cast<size_t>(getFormatInfo(format).bits) / 8;
}

Status microscale::formats::pack(Format format, const uint8_t *codes,
                                 uint8_t *packed, size_t n) {
  if (Status status = checkCount(format, n); !status.ok())
    return status;
  switch (getFormatInfo(format).bits) {
  case 4:
    for (size_t i = 0; i < n / 2; ++i)
      packed[i] = static_cast<uint8_t>((codes[2 * i] & 0x0F) |
                                       (codes[2 * i + 1] << 4));
    break;
  case 6:
    for (size_t g = 0; g < n / 4; ++g) {
      const uint8_t *c = &codes[4 * g];
      uint32_t word = (c[0] & 0x3Fu) | (c[1] & 0x3Fu) << 6 |
                      (c[2] & 0x3Fu) << 12 | (c[3] & 0x3Fu) << 18;
      packed[3 * g] = static_cast<uint8_t>(word);
      packed[3 * g + 1] = static_cast<uint8_t>(word >> 8);
      packed[3 * g + 2] = static_cast<uint8_t>(word >> 16);
    }
    break;
  default:
    if (n != 0)
      std::memcpy(packed, codes, n);
    break;
  }
  return Status::success();
}

Status microscale::formats::unpack(Format format, const uint8_t *packed,
                                   uint8_t *codes, size_t n) {
  if (Status status = checkCount(format, n); !status.ok())
    return status;
  switch (getFormatInfo(format).bits) {
  case 4:
    for (size_t i = 0; i < n / 2; ++i) {
      codes[2 * i] = packed[i] & 0x0F;
      codes[2 * i + 1] = packed[i] >> 4;
    }
    break;
  case 6:
    for (size_t g = 0; g < n / 4; ++g) {
      const uint8_t *p = &packed[3 * g];
      uint32_t word = p[0] | p[1] << 8 | p[2] << 16;
      for (int j = 0; j < 4; ++j)
        codes[4 * g + j] = static_cast<uint8_t>((word >> (6 * j)) & 0x3F);
    }
    break;
  default:
    if (n != 0)
      std::memcpy(codes, packed, n);
    break;
  }
  return Status::success();
}
