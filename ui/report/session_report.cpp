// SPDX-License-Identifier: MIT
#include "ui/report/session_report.h"

#include "core/error.h"
#include "core/loop/session_summary.h"
#include "core/session/session.h"
#include "ui/report/report_charts.h"
#include "ui/report/report_layout.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QFontMetricsF>
#include <QImageReader>
#include <QPdfWriter>
#include <QSaveFile>

#include <cmath>

namespace lada::ui {

namespace {

constexpr int kMaxGridImages = 60;  // a round of a large budget is summed up by its first images

QString qs(const std::string& s)
{
    return QString::fromStdString(s);
}

QString percent(double accuracy)
{
    return std::isnan(accuracy) ? QStringLiteral("—") : QStringLiteral("%1 %").arg(accuracy * 100.0, 0, 'f', 2);
}

QString sourceName(AccuracySource source)
{
    switch (source) {
    case AccuracySource::TestSplit: return QStringLiteral("test split");
    case AccuracySource::HeldOut: return QStringLiteral("held-out labels");
    case AccuracySource::None: break;
    }
    return QStringLiteral("none");
}

QString joined(const std::vector<std::string>& names)
{
    QStringList out;
    for (const std::string& n : names)
        out << qs(n);
    return out.join(QStringLiteral(", "));
}

void writeTitlePage(ReportLayout& layout, const SessionSummary& s, const QString& folder)
{
    layout.title(QStringLiteral("LADA session report: %1").arg(qs(s.name)));
    layout.paragraph(QDir::toNativeSeparators(QFileInfo(folder).absoluteFilePath()), true);
    layout.skip(6);
    const QList<QStringList> facts{
        {QStringLiteral("Dataset"), qs(s.datasetRoot)},
        {QStringLiteral("Training source"), qs(s.trainSource)},
        {QStringLiteral("Test source"), s.testSource.empty() ? QStringLiteral("none") : qs(s.testSource)},
        {QStringLiteral("Strategy"), qs(s.strategy)},
        {QStringLiteral("Classes"), QStringLiteral("%1: %2").arg(s.classNames.size()).arg(joined(s.classNames))},
        {QStringLiteral("Created"), qs(s.created)},
        {QStringLiteral("Rounds trained"), QString::number(s.rounds.size())},
        {QStringLiteral("Labeled images"), QString::number(s.labeledImages)},
        {QStringLiteral("Skipped images"), QString::number(s.skippedImages)},
    };
    layout.table({QStringLiteral("Session"), QString()}, facts, {0.25, 0.75});

    layout.heading(QStringLiteral("Settings"));
    // Two key/value pairs per row keep the ~40 settings on the title page.
    QList<QStringList> rows;
    const std::size_t half = (s.settings.size() + 1) / 2;
    for (std::size_t i = 0; i < half; ++i) {
        QStringList row{qs(s.settings[i].first), qs(s.settings[i].second)};
        if (i + half < s.settings.size())
            row << qs(s.settings[i + half].first) << qs(s.settings[i + half].second);
        rows << row;
    }
    layout.table(
        {QStringLiteral("Setting"), QStringLiteral("Value"), QStringLiteral("Setting"), QStringLiteral("Value")}, rows,
        {0.22, 0.28, 0.22, 0.28});
    if (!s.warnings.empty()) {
        layout.heading(QStringLiteral("Warnings"));
        for (const std::string& w : s.warnings)
            layout.paragraph(qs(w), true);
    }
}

void writeLabels(ReportLayout& layout, const SessionSummary& s)
{
    layout.newPage();
    layout.heading(QStringLiteral("Labels per class"));
    const auto chart = labelCountChart(s);
    drawPlot(*chart, layout, layout.take(230));
    QList<QStringList> rows;
    for (std::size_t c = 0; c < s.classNames.size(); ++c) {
        const int64_t n = s.labelsPerClass[c];
        const double share =
            s.labeledImages > 0 ? 100.0 * static_cast<double>(n) / static_cast<double>(s.labeledImages) : 0.0;
        rows << QStringList{qs(s.classNames[c]), QString::number(n), QStringLiteral("%1 %").arg(share, 0, 'f', 1)};
    }
    rows << QStringList{QStringLiteral("total"), QString::number(s.labeledImages), QString()};
    layout.table({QStringLiteral("Class"), QStringLiteral("Labels"), QStringLiteral("Share")}, rows, {0.5, 0.25, 0.25});
}

void writeRounds(ReportLayout& layout, const SessionSummary& s)
{
    layout.heading(QStringLiteral("Accuracy per round"));
    const auto chart = accuracyChart(s);
    drawPlot(*chart, layout, layout.take(260));
    QList<QStringList> rows;
    for (const RoundOutcome& o : s.rounds)
        rows << QStringList{QString::number(o.report.round), QString::number(o.labeled),
                            QString::number(o.skipped),      percent(o.accuracy),
                            sourceName(o.accuracySource),    QString::number(o.report.trainLoss, 'f', 3)};
    if (rows.isEmpty())
        layout.paragraph(QStringLiteral("No round has been trained yet (history.jsonl is empty)."), true);
    else
        layout.table({QStringLiteral("Round"), QStringLiteral("Labeled"), QStringLiteral("Skipped"),
                      QStringLiteral("Accuracy"), QStringLiteral("Measured on"), QStringLiteral("Train loss")},
                     rows, {0.12, 0.14, 0.14, 0.18, 0.24, 0.18});

    const auto tau = tauChart(s);
    const auto entropy = virtualEntropyChart(s);
    if (tau || entropy)  // the two plots and their table fill a page
        layout.newPage();
    layout.heading(QStringLiteral("τ* and virtual-instance entropy per round"));
    if (!tau && !entropy) {
        layout.paragraph(QStringLiteral("The strategy %1 queries single images: it measures no τ* and no "
                                        "virtual instances.")
                             .arg(qs(s.strategy)),
                         true);
        return;
    }
    if (tau)
        drawPlot(*tau, layout, layout.take(250));
    if (entropy)
        drawPlot(*entropy, layout, layout.take(250));
    const auto number = [](double v, int decimals) {
        return std::isnan(v) ? QStringLiteral("—") : QString::number(v, 'f', decimals);
    };
    QList<QStringList> pairRows;
    for (const RoundPairs& r : s.pairRounds)
        pairRows << QStringList{
            QString::number(r.round),    r.mixLayer < 0 ? QStringLiteral("—") : QString::number(r.mixLayer),
            QString::number(r.pairs),    number(r.tauMedian, 3),
            number(r.queriedTauMean, 3), number(r.meanVirtualEntropy, 3)};
    layout.table({QStringLiteral("Round"), QStringLiteral("Mixing layer k"), QStringLiteral("Candidate pairs"),
                  QStringLiteral("Median τ*"), QStringLiteral("Queried τ* (mean)"),
                  QStringLiteral("Virtual entropy (bits)")},
                 pairRows, {0.1, 0.15, 0.17, 0.15, 0.2, 0.23});
}

void drawCell(ReportLayout& layout, const QRectF& cell, const QString& imageFile, const QString& caption,
              const QString& answer)
{
    QPainter& p = layout.painter();
    const QRectF picture(cell.left() + 4, cell.top() + 4, cell.width() - 8, cell.width() - 8);
    QImageReader reader(imageFile);
    reader.setAutoTransform(true);
    const QImage image = reader.read();
    if (image.isNull()) {
        p.fillRect(picture, QColor(0xee, 0xee, 0xee));
        p.setPen(QColor(0x99, 0x99, 0x99));
        p.drawRect(picture);
        p.setFont(QFont(QStringLiteral("DejaVu Sans"), 7));
        p.drawText(picture.adjusted(4, 4, -4, -4), Qt::AlignCenter | Qt::TextWordWrap,
                   QStringLiteral("cannot read image: %1").arg(reader.errorString()));
    } else {
        const QSizeF fitted = QSizeF(image.size()).scaled(picture.size(), Qt::KeepAspectRatio);
        const QRectF target(picture.center().x() - fitted.width() / 2, picture.center().y() - fitted.height() / 2,
                            fitted.width(), fitted.height());
        p.drawImage(target, image);
    }
    p.setPen(Qt::black);
    p.setFont(QFont(QStringLiteral("DejaVu Sans"), 7));
    const QFontMetricsF small(p.font(), p.device());
    const QRectF captionBox(cell.left() + 2, picture.bottom() + 2, cell.width() - 4, small.height());
    p.drawText(captionBox, Qt::AlignHCenter, small.elidedText(caption, Qt::ElideMiddle, captionBox.width()));
    QFont bold(QStringLiteral("DejaVu Sans"), 8);
    bold.setBold(true);
    p.setFont(bold);
    const QFontMetricsF answerMetrics(bold, p.device());
    const QRectF answerBox(cell.left() + 2, captionBox.bottom() + 1, cell.width() - 4, answerMetrics.height());
    p.drawText(answerBox, Qt::AlignHCenter, answerMetrics.elidedText(answer, Qt::ElideRight, answerBox.width()));
}

void writeQueriedImages(ReportLayout& layout, const SessionSummary& s)
{
    layout.newPage();
    if (s.lastRound < 0) {
        layout.heading(QStringLiteral("Queried images"));
        layout.paragraph(QStringLiteral("No image has been answered yet."), true);
        return;
    }
    layout.heading(s.lastRound == 0 ? QStringLiteral("Round 0: the initial labeled images")
                                    : QStringLiteral("Round %1: queried images and answers").arg(s.lastRound));
    const int shown = std::min<int>(kMaxGridImages, static_cast<int>(s.lastRoundAnswers.size()));
    if (shown < static_cast<int>(s.lastRoundAnswers.size()))
        layout.paragraph(QStringLiteral("The first %1 of %2 answers.").arg(shown).arg(s.lastRoundAnswers.size()), true);
    constexpr int kColumns = 6;
    const qreal cellWidth = layout.contentRect().width() / kColumns;
    const qreal cellHeight = cellWidth + 30;
    const QDir root(qs(s.datasetRoot));
    for (int start = 0; start < shown; start += kColumns) {
        const QRectF row = layout.take(cellHeight);
        for (int c = 0; c < kColumns && start + c < shown; ++c) {
            const Answer& a = s.lastRoundAnswers[static_cast<std::size_t>(start + c)];
            QString answer = a.skipped ? QStringLiteral("skipped") : qs(a.label);
            if (!a.skipped && a.classIndex < 0)
                answer += QStringLiteral(" (not a class)");
            const QRectF cell(row.left() + c * cellWidth, row.top(), cellWidth, cellHeight);
            drawCell(layout, cell, root.filePath(qs(a.path)), qs(a.path), answer);
        }
    }
}

void writeTimeline(ReportLayout& layout, const SessionSummary& s)
{
    layout.heading(QStringLiteral("Answers per round"));
    const auto chart = timelineChart(s);
    drawPlot(*chart, layout, layout.take(230));
    QList<QStringList> rows;
    for (const RoundActivity& a : s.activity)
        rows << QStringList{roundName(a.round), QString::number(a.labeled), QString::number(a.skipped),
                            QString::number(a.undone)};
    layout.table(
        {QStringLiteral("Round"), QStringLiteral("Labeled"), QStringLiteral("Skipped"), QStringLiteral("Undone")}, rows,
        {0.25, 0.25, 0.25, 0.25});
}

}  // namespace

bool writeSessionReport(const QString& sessionFolder, const QString& pdfPath, QString* error)
{
    const auto fail = [error](const QString& message) {
        if (error)
            *error = message;
        return false;
    };
    if (!qobject_cast<QApplication*>(QCoreApplication::instance()))
        return fail(QStringLiteral("writing a report needs a QApplication (its plots are widgets)"));
    if (!QFileInfo(sessionFolder).isDir())
        return fail(QStringLiteral("%1: no such session folder").arg(sessionFolder));

    SessionSummary summary;
    try {
        const Session session = Session::open(QFile::encodeName(sessionFolder).toStdString(), Session::Mode::ReadOnly);
        summary = summarizeSession(session);
    } catch (const std::exception& e) {
        return fail(QStringLiteral("%1: not a readable session: %2").arg(sessionFolder, QString::fromUtf8(e.what())));
    }

    // QSaveFile: a report that fails half-way leaves no half-written PDF behind.
    QSaveFile file(pdfPath);
    if (!file.open(QIODevice::WriteOnly))
        return fail(QStringLiteral("%1: cannot write the report: %2").arg(pdfPath, file.errorString()));
    {
        QPdfWriter writer(&file);
        writer.setTitle(QStringLiteral("LADA session report: %1").arg(qs(summary.name)));
        writer.setCreator(QStringLiteral("lada-workbench"));
        ReportLayout layout(writer);
        if (!layout.isActive())
            return fail(QStringLiteral("%1: cannot start drawing the PDF").arg(pdfPath));
        writeTitlePage(layout, summary, sessionFolder);
        writeLabels(layout, summary);
        writeRounds(layout, summary);
        writeQueriedImages(layout, summary);
        writeTimeline(layout, summary);
        if (!layout.finish())
            return fail(QStringLiteral("%1: drawing the PDF failed").arg(pdfPath));
    }
    if (!file.commit())
        return fail(QStringLiteral("%1: cannot write the report: %2").arg(pdfPath, file.errorString()));
    return true;
}

}  // namespace lada::ui
