# SPDX-License-Identifier: MIT
# CPack: `cd build && cpack -G DEB` makes lada-workbench_<version>_amd64.deb from the install rules of
# cmake/Install.cmake (included first). Needs dpkg-dev (dpkg-shlibdeps) for the dependencies.
# The same maintainer signs packaging/debian/changelog; the same homepage is in the metainfo and copyright.
set(LADA_PACKAGE_MAINTAINER "LADA Workbench maintainers <maintainers@lada-workbench.example>")
set(LADA_HOMEPAGE "https://github.com/lada-workbench/lada-workbench")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ${LADA_PACKAGE_NAME})
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "LADA Workbench contributors")
set(CPACK_PACKAGE_CONTACT ${LADA_PACKAGE_MAINTAINER})
set(CPACK_PACKAGE_HOMEPAGE_URL ${LADA_HOMEPAGE})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "active learning workbench for labeling images (LADA)")
# CPack indents these lines and writes the empty one as " ." in the control file.
set(CPACK_PACKAGE_DESCRIPTION [=[
LADA Workbench trains an image classifier while a person labels: each round
it proposes the unlabeled images it would learn most from, the person answers
with a key press, and the classifier is retrained. It implements Look-Ahead
Data Acquisition via augmentation (LADA, Kim et al., NeurIPS 2021) and the
usual baselines (entropy, BALD, core-set, BADGE, ALFA-Mix, CAL).

This package holds the Qt desktop program lada-workbench, the command line
lada-cli that runs the same engine headless to reproduce experiments, and a
1,500-image MNIST sample to try them on.]=])
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# cpack packages what `cmake --build` built and never builds itself: the package test runs cpack in a
# built tree, and a build started from there would race other builds of the same folder.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # lada-workbench_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE ${LADA_HOMEPAGE})
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # Depends: from the libraries the binaries link (dpkg-shlibdeps)
# LibTorch runs its GEMMs through whichever libblas.so.3 is selected; the reference BLAS is ~17x slower.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libopenblas0-openmp | libopenblas0")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)

include(CPack)
