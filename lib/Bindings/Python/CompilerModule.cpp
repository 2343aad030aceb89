//===- CompilerModule.cpp - the microscale._compiler extension ------------===//
//
// The Python face of CompilerSession and JitModule (nanobind). Kept thin: the
// NumPy side (descriptors, dtype and shape checks, result ownership) lives in
// python/microscale, which calls the packed wrappers through ctypes.
//
//===----------------------------------------------------------------------===//

#include "CompilerSession.h"
#include "JitModule.h"

#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

namespace nb = nanobind;
using namespace nb::literals;
using namespace mlir::microscale::python;

/// (kind, element, shape, text) as the Python side reads it.
static nb::tuple toPython(const ValueType &value) {
  const char *kind = value.kind == ValueType::Kind::MemRef   ? "memref"
                     : value.kind == ValueType::Kind::Scalar ? "scalar"
                                                             : "unsupported";
  nb::list shape;
  for (int64_t dim : value.shape)
    shape.append(dim);
  return nb::make_tuple(kind, value.element, nb::tuple(shape), value.text);
}

static nb::list toPython(const std::vector<ValueType> &values) {
  nb::list list;
  for (const ValueType &value : values)
    list.append(toPython(value));
  return list;
}

NB_MODULE(_compiler, m) {
  m.doc() = "microscale compiler bindings: pass pipelines and the JIT";

  // Failures become microscale.errors.CompileError, a pure-Python class that
  // exists whether or not this extension was built.
  nb::register_exception_translator(
      [](const std::exception_ptr &failure, void *) {
        try {
          std::rethrow_exception(failure);
        } catch (const CompileFailure &error) {
          nb::object cls =
              nb::module_::import_("microscale.errors").attr("CompileError");
          PyErr_SetString(cls.ptr(), error.what());
        }
      });

  m.def("compile", &compileToString, "ir"_a, "pipeline"_a,
        nb::call_guard<nb::gil_scoped_release>(),
        "Parses `ir`, runs the textual pass `pipeline` on it and returns "
        "the printed result.");

  nb::class_<JitModule>(m, "JitModule")
      .def(nb::init<const std::string &, const std::string &, int>(), "ir"_a,
           "pipeline"_a, "opt_level"_a,
           nb::call_guard<nb::gil_scoped_release>())
      .def(
          "signatures",
          [](const JitModule &self) {
            nb::dict out;
            for (const auto &[name, signature] : self.getSignatures())
              out[nb::str(name.c_str())] =
                  nb::make_tuple(toPython(signature.arguments),
                                 toPython(signature.results));
            return out;
          },
          "{name: (arguments, results)}, each a list of (kind, element, "
          "shape, text) with kind 'memref', 'scalar' or 'unsupported'.")
      .def("packed_address", &JitModule::getPackedAddress, "name"_a,
           "Address of the packed C-interface wrapper `void f(void **)`.");
}
