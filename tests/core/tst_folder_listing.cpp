// SPDX-License-Identifier: MIT
// Listing an ImageFolder tree on real PNGs (tests/data/broken) with entries that cannot be listed: link
// loops, broken links, links to folders, names that are not UTF-8, folders and files without permission.
// One bad entry is skipped into the load report; only a root that cannot be listed is an error.
#include "core/data/dataset_loader.h"
#include "core/error.h"
#include "tests/test_main.h"

#include <QScopeGuard>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/fsuid.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

namespace tst_folder_listing {

namespace {

const std::string kBroken = LADA_TEST_FIXTURE_DIR "/broken";

namespace fs = std::filesystem;

/** The skipped files of a report as "path: reason" lines, in report order. */
QStringList skippedLines(const lada::LoadReport& report)
{
    QStringList lines;
    for (const lada::SkippedFile& s : report.skipped) {
        lines << QString::fromStdString(s.path + ": " + s.reason);
    }
    return lines;
}

/**
 * Makes the calling thread's file accesses those of user and group nobody while it lives, when the test
 * runs as root: root reads mode-000 files and folders, nobody does not. setfsuid and setfsgid change
 * only this thread (and the decoder threads it starts, which inherit them); the destructor gives root
 * back.
 */
class FileAccessAsNobody {
public:
    FileAccessAsNobody()
    {
        if (geteuid() == 0) {
            setfsgid(kNogroup);
            setfsuid(kNobody);
            m_changed = true;
        }
    }
    ~FileAccessAsNobody()
    {
        if (m_changed) {
            setfsuid(0);
            setfsgid(0);
        }
    }
    FileAccessAsNobody(const FileAccessAsNobody&) = delete;
    FileAccessAsNobody& operator=(const FileAccessAsNobody&) = delete;
    /** True when accesses are now checked against permissions: not root, or root that became nobody. */
    static bool permissionsApply() { return setfsuid(static_cast<uid_t>(-1)) != 0; }

private:
    static constexpr uid_t kNobody = 65534;
    static constexpr gid_t kNogroup = 65534;
    bool m_changed = false;
};

}  // namespace

class TestFolderListing : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void unreadableEntriesAreSkippedAndReported()
    {
        // 3/ and 7/ hold four real MNIST digits and five entries no one can read as an image.
        QTemporaryDir dir;
        const fs::path root = fs::path(dir.path().toStdString()) / "split";
        fs::create_directories(root / "3" / "sub");
        fs::create_directories(root / "7" / "\xff-folder");
        fs::copy_file(kBroken + "/3/good_a.png", root / "3" / "good_a.png");
        fs::copy_file(kBroken + "/3/good_b.png", root / "3" / "good_b.png");
        fs::copy_file(kBroken + "/7/good_c.png", root / "3" / "sub" / "good_c.png");
        fs::copy_file(kBroken + "/7/good_c.png", root / "7" / "good_c.png");
        fs::copy_file(kBroken + "/3/good_a.png", root / "7" / "\xff\xfe.png");
        fs::copy_file(kBroken + "/3/good_a.png", root / "7" / "\xff-folder" / "good_a.png");
        fs::create_symlink("loop.png", root / "3" / "loop.png");
        fs::create_directory_symlink("..", root / "3" / "up");
        fs::create_symlink("nowhere.png", root / "3" / "dangling.png");
        // QTemporaryDir cannot remove what it cannot name (names that are not UTF-8).
        const auto remove = qScopeGuard([&] { fs::remove_all(root); });

        lada::LoadOptions options;
        options.cacheFile = (root.parent_path() / "split.ladacache").string();
        const lada::Dataset d = lada::loadDataset(root.string(), options);
        QCOMPARE(d.report.loaded, int64_t{4});
        QCOMPARE(d.paths,
                 (std::vector<std::string>{"3/good_a.png", "3/good_b.png", "3/sub/good_c.png", "7/good_c.png"}));
        QCOMPARE(d.classNames, (std::vector<std::string>{"3", "7"}));
        QCOMPARE(d.labels[2].item<int64_t>(), int64_t{0});
        QCOMPARE(skippedLines(d.report),
                 QStringList({"3/dangling.png: broken link to \"nowhere.png\"",
                              "3/loop.png: cannot follow the link: Too many levels of symbolic links",
                              "3/up: link to a folder (not followed)",
                              "7/\\xFF-folder: folder name is not valid UTF-8 (not listed)",
                              "7/\\xFF\\xFE.png: file name is not valid UTF-8"}));
        const QString summary = QString::fromStdString(d.report.summary());
        QVERIFY2(summary.contains("skipped 5 files:"), qPrintable(summary));
        QVERIFY2(summary.contains("\"3/loop.png\": cannot follow the link: Too many levels of symbolic links"),
                 qPrintable(summary));

        // The report went into the cache's JSON header (UTF-8 only) and comes back from it.
        QVERIFY2(d.report.warnings.empty(), d.report.summary().c_str());
        const lada::Dataset cached = lada::loadDataset(root.string(), options);
        QVERIFY(cached.report.fromCache);
        QCOMPARE(skippedLines(cached.report), skippedLines(d.report));
        QVERIFY(torch::equal(cached.images, d.images));
    }

    void entriesWithoutPermissionAreSkippedAndReported()
    {
        QTemporaryDir dir;
        const fs::path root = fs::path(dir.path().toStdString()) / "split";
        fs::create_directories(root / "3" / "private");
        fs::create_directories(root / "7");
        fs::copy_file(kBroken + "/3/good_a.png", root / "3" / "good_a.png");
        fs::copy_file(kBroken + "/3/good_b.png", root / "3" / "private" / "good_b.png");
        fs::copy_file(kBroken + "/3/good_b.png", root / "3" / "secret.png");
        fs::copy_file(kBroken + "/7/good_c.png", root / "7" / "good_c.png");
        // The temporary folder is 0700: nobody must be able to reach the readable parts.
        fs::permissions(dir.path().toStdString(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                                      fs::perms::others_read | fs::perms::others_exec);
        fs::permissions(root / "3" / "private", fs::perms::none);
        fs::permissions(root / "3" / "secret.png", fs::perms::none);
        const auto restore = qScopeGuard([&] {
            fs::permissions(root / "3" / "private", fs::perms::owner_all);  // so that QTemporaryDir can remove it
        });

        const FileAccessAsNobody asNobody;
        QVERIFY2(FileAccessAsNobody::permissionsApply(), "could not leave root's file access");
        const lada::Dataset d = lada::loadDataset(root.string());
        QCOMPARE(d.paths, (std::vector<std::string>{"3/good_a.png", "7/good_c.png"}));
        QCOMPARE(skippedLines(d.report), QStringList({"3/private: cannot list this folder: Permission denied",
                                                      "3/secret.png: cannot open file: Permission denied"}));
    }

    void unreadableRootIsAClearError_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("message");  // %1: the root folder
        QTest::newRow("no permission") << "no permission"
                                       << "cannot list \"%1\": Permission denied";
        QTest::newRow("link loop") << "link loop"
                                   << "cannot load \"%1\": Too many levels of symbolic links";
    }
    void unreadableRootIsAClearError()
    {
        QFETCH(QString, kind);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const fs::path root = fs::path(dir.path().toStdString()) / "split";
        if (kind == "link loop") {
            fs::create_symlink("split", root);
        } else {
            fs::create_directories(root / "3");
            fs::copy_file(kBroken + "/3/good_a.png", root / "3" / "good_a.png");
            fs::permissions(root, fs::perms::none);
        }
        const auto restore = qScopeGuard([&] {
            if (kind == "no permission") {
                fs::permissions(root, fs::perms::owner_all);
            }
        });
        // The temporary folder is 0700: nobody must be able to reach the root to be refused by it.
        fs::permissions(dir.path().toStdString(), fs::perms::owner_all | fs::perms::others_exec);

        const FileAccessAsNobody asNobody;
        QVERIFY2(FileAccessAsNobody::permissionsApply(), "could not leave root's file access");
        try {
            lada::loadDataset(root.string());
            QFAIL("an unreadable root folder loaded");
        } catch (const lada::DataError& e) {
            QCOMPARE(QString::fromUtf8(e.what()), message.arg(QString::fromStdString(root.string())));
        }
    }
};

LADA_TEST_GUILESS_MAIN(TestFolderListing)
}  // namespace tst_folder_listing
#include "tst_folder_listing.moc"
