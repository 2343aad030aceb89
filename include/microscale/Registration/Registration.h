//===- Registration.h - what microscale tools register ----------*- C++ -*-===//
//
// The one list of dialects, interfaces and passes that microscale's tools
// load: mx-opt and the Python compiler bindings call these, so that IR that
// one of them accepts the other accepts too.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_REGISTRATION_REGISTRATION_H
#define MICROSCALE_REGISTRATION_REGISTRATION_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace mlir::microscale {

/// Inserts the microscale dialect, the upstream dialects our pipelines take
/// in or produce, and the bufferization external models they need.
void registerMicroscaleDialects(DialectRegistry &registry);

/// Registers the microscale passes, the named pipelines and the few upstream
/// passes useful around them (canonicalize, cse, one-shot-bufferize) with the
/// global pass registry. Safe to call more than once.
void registerMicroscalePasses();

} // namespace mlir::microscale

#endif // MICROSCALE_REGISTRATION_REGISTRATION_H
