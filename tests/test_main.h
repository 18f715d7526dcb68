// SPDX-License-Identifier: MIT
// Many Qt Test classes in one program: each tests/<area>/tst_x.cpp ends with LADA_TEST_MAIN(TestX) or
// LADA_TEST_GUILESS_MAIN(TestX) where a single-class program would say QTEST_MAIN / QTEST_GUILESS_MAIN, and
// `lada_core_tests tst_x [QTest arguments]` runs that class (tests/test_main.cpp). One program per area links
// LibTorch and loads the precompiled header a few times instead of once per class (CI builds every test twice).
#pragma once

#include <QObject>

#include <functional>
#include <memory>

namespace lada::testing {

/** The application object a test class runs under, as QTEST_MAIN and QTEST_GUILESS_MAIN choose it. */
enum class TestApplication { Core, Gui, Widgets };

/**
 * Registers the test class of `sourceFile` (its name without folder and extension names it) with the program's
 * main. Called from static initialisers, before main; `make` runs after the application object exists. Returns
 * true; a second class under the same name aborts the program at start-up.
 */
bool registerTestClass(const char* sourceFile, TestApplication application,
                       std::function<std::unique_ptr<QObject>()> make);

}  // namespace lada::testing

#if defined(QT_WIDGETS_LIB)
#define LADA_TEST_MAIN_APPLICATION ::lada::testing::TestApplication::Widgets
#elif defined(QT_GUI_LIB)
#define LADA_TEST_MAIN_APPLICATION ::lada::testing::TestApplication::Gui
#else
#define LADA_TEST_MAIN_APPLICATION ::lada::testing::TestApplication::Core
#endif

#define LADA_TEST_REGISTER(TestObject, application)                                                                    \
    [[maybe_unused]] static const bool ladaRegistered##TestObject = ::lada::testing::registerTestClass(                \
        __FILE__, application, [] { return std::unique_ptr<QObject>(new TestObject); });

/** QTEST_MAIN's application: QApplication where the program links Qt Widgets, else QGuiApplication or QCoreApplication. */
#define LADA_TEST_MAIN(TestObject) LADA_TEST_REGISTER(TestObject, LADA_TEST_MAIN_APPLICATION)
/** QTEST_GUILESS_MAIN's: a QCoreApplication. */
#define LADA_TEST_GUILESS_MAIN(TestObject) LADA_TEST_REGISTER(TestObject, ::lada::testing::TestApplication::Core)
