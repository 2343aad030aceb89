//===- Scheme.h - Block-scaling schemes -------------------------*- C++ -*-===//
//
// A scheme is an element format, a block size along the innermost dimension,
// a scale format, and whether a per-tensor f32 global scale comes with it.
// E8M0 scales are OCP MX (Numerics §2); UE4M3 scales with a global are NVFP4's
// two-level scaling (Numerics §3), defined for E2M1 elements only.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_FORMATS_SCHEME_H
#define MICROSCALE_FORMATS_SCHEME_H

#include "microscale/Formats/ElementFormats.h"
#include "microscale/Formats/Status.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace microscale::formats {

struct Scheme {
  Format element = Format::E2M1;
  int32_t blockSize = 32;
  Format scale = Format::E8M0;
  bool hasGlobal = false;

  bool operator==(const Scheme &other) const {
    return element == other.element && blockSize == other.blockSize &&
           scale == other.scale && hasGlobal == other.hasGlobal;
  }
  bool operator!=(const Scheme &other) const { return !(*this == other); }
};

struct NamedScheme {
  const char *name;
  Scheme scheme;
};

/// mxfp8_e4m3, mxfp8_e5m2, mxfp6_e2m3, mxfp6_e3m2, mxfp4, mxint8 (blocks of
/// 32, E8M0) and nvfp4 (E2M1, blocks of 16, UE4M3, global).
const std::array<NamedScheme, 7> &namedSchemes();
std::optional<Scheme> lookupScheme(std::string_view name);

/// Known formats, an element format with a scale format, a positive block
/// size that is a multiple of the packing unit, UE4M3 scales only for E2M1,
/// and a global exactly with UE4M3 scales.
Status verifyScheme(const Scheme &scheme);
/// verifyScheme plus a valid [rows, cols] shape: non-negative, cols a
/// multiple of the block size (nothing is padded implicitly, Numerics §2.7).
Status verifyShape(const Scheme &scheme, int64_t rows, int64_t cols);

/// Storage of a [rows, cols] tensor: packed element bytes and scale bytes.
size_t dataBytes(const Scheme &scheme, int64_t rows, int64_t cols);
size_t scaleBytes(const Scheme &scheme, int64_t rows, int64_t cols);

} // namespace microscale::formats

#endif // MICROSCALE_FORMATS_SCHEME_H
