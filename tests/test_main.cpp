// SPDX-License-Identifier: MIT
// The main of every test program: `<program> <test> [QTest arguments]` runs the class registered by
// tests/<area>/<test>.cpp (test_main.h); `<program> --list` names them.
#include "tests/test_main.h"

#include <QCoreApplication>
#include <QtTest/QtTest>
#if defined(QT_WIDGETS_LIB)
#include <QApplication>
#endif
#if defined(QT_GUI_LIB)
#include <QGuiApplication>
#endif

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace lada::testing {
namespace {

struct TestClass {
    std::string sourceFile;
    TestApplication application;
    std::function<std::unique_ptr<QObject>()> make;
};

std::map<std::string, TestClass>& registry()
{
    static std::map<std::string, TestClass> classes;
    return classes;
}

std::string testName(std::string_view sourceFile)
{
    const size_t slash = sourceFile.find_last_of('/');
    if (slash != std::string_view::npos)
        sourceFile.remove_prefix(slash + 1);
    return std::string(sourceFile.substr(0, sourceFile.find('.')));
}

int run(const TestClass& test, int argc, char** argv)
{
    // The application object QTEST_MAIN would make in a program linking what this one links.
    std::unique_ptr<QCoreApplication> app;
#if defined(QT_WIDGETS_LIB)
    if (test.application == TestApplication::Widgets)
        app = std::make_unique<QApplication>(argc, argv);
#endif
#if defined(QT_GUI_LIB)
    if (!app && test.application != TestApplication::Core)
        app = std::make_unique<QGuiApplication>(argc, argv);
#endif
    if (app)
        app->setAttribute(Qt::AA_Use96Dpi, true);  // as QTEST_MAIN does for a GUI application
    else
        app = std::make_unique<QCoreApplication>(argc, argv);
    const std::unique_ptr<QObject> testObject = test.make();
    QTest::setMainSourcePath(test.sourceFile.c_str(), QT_TESTCASE_BUILDDIR);
    return QTest::qExec(testObject.get(), argc, argv);
}

}  // namespace

bool registerTestClass(const char* sourceFile, TestApplication application,
                       std::function<std::unique_ptr<QObject>()> make)
{
    const std::string name = testName(sourceFile);
    if (!registry().emplace(name, TestClass{sourceFile, application, std::move(make)}).second) {
        std::fprintf(stderr, "two test classes are registered as %s\n", name.c_str());
        std::abort();
    }
    return true;
}

}  // namespace lada::testing

int main(int argc, char** argv)
{
    const auto& classes = lada::testing::registry();
    const std::string_view first = argc > 1 ? argv[1] : "";
    if (first == "--list") {
        for (const auto& [name, test] : classes)
            std::printf("%s\n", name.c_str());
        return 0;
    }
    const auto found = classes.find(std::string(first));
    if (found == classes.end()) {
        std::fprintf(stderr, "usage: %s <test> [QTest arguments] | --list\n%s%s\n", argv[0],
                     first.empty() ? "" : "no test is named ", std::string(first).c_str());
        return 2;
    }
    // QTest sees the program and the arguments after the test's name.
    std::vector<char*> args{argv[0]};
    args.insert(args.end(), argv + 2, argv + argc);
    int qtArgc = int(args.size());
    args.push_back(nullptr);
    return lada::testing::run(found->second, qtArgc, args.data());
}
