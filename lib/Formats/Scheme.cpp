//===- Scheme.cpp - Block-scaling schemes ---------------------------------===//

#include "microscale/Formats/Scheme.h"

#include <string>

using namespace microscale::formats;

namespace {

bool isKnownFormat(Format format) {
  return static_cast<unsigned>(format) < static_cast<unsigned>(kNumFormats);
}

std::string formatName(Format format) {
  if (isKnownFormat(format))
    return std::string("'") + getFormatInfo(format).name + "'";
  return "unknown format " + std::to_string(static_cast<unsigned>(format));
}

constexpr Scheme mxScheme(Format element) {
  return {element, 32, Format::E8M0, false};
}

} // namespace

const std::array<NamedScheme, 7> &microscale::formats::namedSchemes() {
  static constexpr std::array<NamedScheme, 7> schemes = {{
      {"mxfp8_e4m3", mxScheme(Format::E4M3)},
      {"mxfp8_e5m2", mxScheme(Format::E5M2)},
      {"mxfp6_e2m3", mxScheme(Format::E2M3)},
      {"mxfp6_e3m2", mxScheme(Format::E3M2)},
      {"mxfp4", mxScheme(Format::E2M1)},
      {"mxint8", mxScheme(Format::Int8)},
      {"nvfp4", {Format::E2M1, 16, Format::UE4M3, true}},
  }};
  return schemes;
}

std::optional<Scheme> microscale::formats::lookupScheme(std::string_view name) {
  for (const NamedScheme &named : namedSchemes())
    if (name == named.name)
      return named.scheme;
  return std::nullopt;
}

Status microscale::formats::verifyScheme(const Scheme &scheme) {
  if (!isKnownFormat(scheme.element) || !isElementFormat(scheme.element))
    return Status::error(formatName(scheme.element) +
                         " is not an element format; expected one of e2m1, "
                         "e2m3, e3m2, e4m3, e5m2, int8");
  if (scheme.scale != Format::E8M0 && scheme.scale != Format::UE4M3)
    return Status::error("the scale format must be 'e8m0' or 'ue4m3', not " +
                         formatName(scheme.scale));
  if (scheme.scale == Format::UE4M3 && scheme.element != Format::E2M1)
    return Status::error("ue4m3 scales (NVFP4 two-level scaling) are defined "
                         "for e2m1 elements only, not " +
                         formatName(scheme.element));
  int unit = packingUnit(scheme.element);
  if (scheme.blockSize <= 0 || scheme.blockSize % unit != 0)
    return Status::error("the block size must be a positive multiple of " +
                         std::to_string(unit) + " (the packing unit of " +
                         formatName(scheme.element) + "), got " +
                         std::to_string(scheme.blockSize));
  if (scheme.hasGlobal != (scheme.scale == Format::UE4M3))
    return Status::error(
        std::string("a global scale comes with ue4m3 scales and only with "
                    "them, but this scheme has ") +
        formatName(scheme.scale) + " scales and " +
        (scheme.hasGlobal ? "a global" : "no global"));
  return Status::success();
}

Status microscale::formats::verifyShape(const Scheme &scheme, int64_t rows,
                                        int64_t cols) {
  if (Status status = verifyScheme(scheme); !status.ok())
    return status;
  if (rows < 0 || cols < 0)
    return Status::error("rows and cols must be non-negative, got " +
                         std::to_string(rows) + " x " + std::to_string(cols));
  if (cols % scheme.blockSize != 0)
    return Status::error("the innermost dimension (cols = " +
                         std::to_string(cols) +
                         ") must be a multiple of the block size (" +
                         std::to_string(scheme.blockSize) +
                         "); nothing is padded implicitly");
  return Status::success();
}

size_t microscale::formats::dataBytes(const Scheme &scheme, int64_t rows,
                                      int64_t cols) {
  if (rows <= 0 || cols <= 0 || !isKnownFormat(scheme.element))
    return 0;
  size_t bits = static_cast<size_t>(getFormatInfo(scheme.element).bits);
  return static_cast<size_t>(rows) * (static_cast<size_t>(cols) * bits / 8);
}

size_t microscale::formats::scaleBytes(const Scheme &scheme, int64_t rows,
                                       int64_t cols) {
  if (rows <= 0 || cols <= 0 || scheme.blockSize <= 0)
    return 0;
  return static_cast<size_t>(rows) *
         static_cast<size_t>(cols / scheme.blockSize);
}
