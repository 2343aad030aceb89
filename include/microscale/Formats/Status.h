//===- Status.h - Success or an error message -------------------*- C++ -*-===//
//
// The numerics core is compiled without exceptions (LLVM's flags), so
// operations that can fail return a Status carrying a human-readable reason.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_FORMATS_STATUS_H
#define MICROSCALE_FORMATS_STATUS_H

#include <string>
#include <utility>

namespace microscale::formats {

class [[nodiscard]] Status {
public:
  static Status success() { return Status(); }
  static Status error(std::string message) {
    Status status;
    status.failed = true;
    status.text = std::move(message);
    return status;
  }

  bool ok() const { return !failed; }
  /// Why the operation failed; empty on success.
  const std::string &message() const { return text; }

private:
  bool failed = false;
  std::string text;
};

} // namespace microscale::formats

#endif // MICROSCALE_FORMATS_STATUS_H
