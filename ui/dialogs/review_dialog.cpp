// SPDX-License-Identifier: MIT
#include "ui/dialogs/review_dialog.h"

#include "ui/worker/learner_worker.h"

#include <QAbstractListModel>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHash>
#include <QImageReader>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QPainter>
#include <QPushButton>
#include <QSet>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <tuple>

namespace lada::ui {

namespace {

constexpr int kThumb = 72;           ///< thumbnail edge, pixels
constexpr int kLoadBudgetMs = 12;    ///< thumbnails read per event-loop turn, at most this long
constexpr int kRefreshDelayMs = 60;  ///< several worker reports in a row ask for one list
constexpr int kRowRole = Qt::UserRole + 1;

QString roundText(int round)
{
    return round < 0 ? ReviewDialog::tr("import") : ReviewDialog::tr("round %1").arg(round);
}

/** A grey square with the file's name: the image could not be read. */
QPixmap placeholder(const QString& path)
{
    QPixmap pixmap(kThumb, kThumb);
    pixmap.fill(QColor(0xdd, 0xdd, 0xdd));
    QPainter painter(&pixmap);
    painter.setPen(QColor(0x99, 0x22, 0x22));
    QFont font = painter.font();
    font.setPixelSize(9);
    painter.setFont(font);
    painter.drawText(pixmap.rect().adjusted(3, 3, -3, -3), Qt::AlignCenter | Qt::TextWrapAnywhere,
                     ReviewDialog::tr("unreadable\n%1").arg(QFileInfo(path).fileName()));
    return pixmap;
}

}  // namespace

/** The shown (filtered, sorted) answered images, their thumbnails read lazily as the grid asks for them. */
class ReviewModel : public QAbstractListModel {
public:
    ReviewModel(const QStringList& classNames, QObject* parent)
        : QAbstractListModel(parent)
        , m_classNames(classNames)
    {
        m_loader.setSingleShot(true);
        m_loader.setInterval(0);
        QObject::connect(&m_loader, &QTimer::timeout, this, [this] { loadSome(); });
    }

    void setShown(std::vector<ReviewEntry> shown)
    {
        beginResetModel();
        m_shown = std::move(shown);
        m_wanted.clear();
        endResetModel();
    }
    const std::vector<ReviewEntry>& shown() const { return m_shown; }

    int rowCount(const QModelIndex& parent = {}) const override
    {
        return parent.isValid() ? 0 : static_cast<int>(m_shown.size());
    }

    QVariant data(const QModelIndex& index, int role) const override
    {
        if (!index.isValid() || index.row() >= rowCount())
            return {};
        const ReviewEntry& e = m_shown[static_cast<size_t>(index.row())];
        const QString path = toQ(e.path);
        switch (role) {
        case Qt::DisplayRole: {
            const QString cls = e.label >= 0 && e.label < m_classNames.size() ? m_classNames[e.label] : tr("skipped");
            return e.heldOut ? tr("%1 · %2 · held out").arg(cls, roundText(e.round))
                             : tr("%1 · %2").arg(cls, roundText(e.round));
        }
        case Qt::DecorationRole: {
            if (const auto it = m_thumbs.constFind(path); it != m_thumbs.constEnd())
                return *it;
            // Asked for by the grid, so shown: read it on a later turn of the event loop.
            if (!m_wanted.contains(path)) {
                m_wanted.insert(path);
                m_queue.append(path);
                m_loader.start();
            }
            return m_empty;
        }
        case Qt::ToolTipRole:
            return tr("%1\n%2, answered %3%4%5")
                .arg(path, roundText(e.round), toQ(e.time), e.heldOut ? tr(", held out") : QString(),
                     e.belowUndoFloor ? tr(", initial set (known label)") : QString());
        case kRowRole: return QVariant::fromValue<qint64>(e.row);
        default: return {};
        }
    }

private:
    void loadSome()
    {
        QElapsedTimer clock;
        clock.start();
        QSet<QString> loaded;
        while (!m_queue.isEmpty() && clock.elapsed() < kLoadBudgetMs) {
            const QString path = m_queue.takeFirst();
            QImageReader reader(path);
            reader.setAutoTransform(true);
            const QSize size = reader.size();
            if (size.isValid())  // JPEG decodes at the small size directly
                reader.setScaledSize(size.scaled(kThumb, kThumb, Qt::KeepAspectRatio));
            const QImage image = reader.read();
            // MNIST's 28-pixel digits are scaled up, photos down, to the same edge.
            m_thumbs.insert(path, image.isNull() ? placeholder(path)
                                                 : QPixmap::fromImage(image.scaled(kThumb, kThumb, Qt::KeepAspectRatio,
                                                                                   Qt::FastTransformation)));
            loaded.insert(path);
        }
        for (size_t i = 0; i < m_shown.size(); ++i)
            if (loaded.contains(toQ(m_shown[i].path))) {
                const QModelIndex at = index(static_cast<int>(i));
                Q_EMIT dataChanged(at, at, {Qt::DecorationRole});
            }
        if (!m_queue.isEmpty())
            m_loader.start();
    }

    QStringList m_classNames;
    std::vector<ReviewEntry> m_shown;
    QPixmap m_empty = [] {
        QPixmap p(kThumb, kThumb);
        p.fill(Qt::transparent);
        return p;
    }();
    // Caches filled while the grid draws (data() is const for the view).
    mutable QHash<QString, QPixmap> m_thumbs;
    mutable QSet<QString> m_wanted;
    mutable QStringList m_queue;
    mutable QTimer m_loader;
};

ReviewDialog::ReviewDialog(LearnerWorker* worker, const QStringList& classNames, QWidget* parent)
    : QDialog(parent)
    , m_classNames(classNames)
{
    setWindowTitle(tr("Review labels"));
    setModal(false);
    resize(760, 560);

    m_classFilter = new QComboBox(this);
    m_classFilter->setObjectName(QStringLiteral("classFilter"));
    m_classFilter->addItem(tr("All classes"), -2);
    for (int i = 0; i < classNames.size(); ++i)
        m_classFilter->addItem(classNames[i], i);
    m_classFilter->setToolTip(tr("Show only the images answered with this class"));
    m_roundFilter = new QComboBox(this);
    m_roundFilter->setObjectName(QStringLiteral("roundFilter"));
    m_roundFilter->setToolTip(tr("Show only the images answered in this round"));
    m_skippedOnly = new QCheckBox(tr("Skipped only"), this);
    m_skippedOnly->setObjectName(QStringLiteral("skippedOnly"));
    m_skippedOnly->setToolTip(tr("Show only the images that were skipped"));
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("search"));
    m_search->setPlaceholderText(tr("Search paths"));
    m_search->setClearButtonEnabled(true);
    m_search->setToolTip(tr("Show only the images whose path contains this text"));
    auto* filters = new QHBoxLayout;
    filters->addWidget(new QLabel(tr("Class:"), this));
    filters->addWidget(m_classFilter);
    filters->addWidget(new QLabel(tr("Round:"), this));
    filters->addWidget(m_roundFilter);
    filters->addWidget(m_skippedOnly);
    filters->addWidget(m_search, 1);

    m_model = new ReviewModel(classNames, this);
    m_grid = new QListView(this);
    m_grid->setObjectName(QStringLiteral("grid"));
    m_grid->setViewMode(QListView::IconMode);
    m_grid->setResizeMode(QListView::Adjust);
    m_grid->setMovement(QListView::Static);
    m_grid->setUniformItemSizes(true);
    m_grid->setIconSize(QSize(kThumb, kThumb));
    m_grid->setGridSize(QSize(kThumb + 50, kThumb + 28));
    m_grid->setSpacing(4);
    m_grid->setWordWrap(true);
    m_grid->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_grid->setContextMenuPolicy(Qt::CustomContextMenu);
    m_grid->setModel(m_model);
    m_grid->setToolTip(tr("The answered images, by class and round. Select images, then press a digit to "
                          "change their class, S to skip them, Delete to remove their answer, Ctrl+Z to undo"));
    m_grid->installEventFilter(this);

    m_changeTo = new QComboBox(this);
    m_changeTo->setObjectName(QStringLiteral("changeTo"));
    m_changeTo->addItem(tr("Change to…"), -2);
    for (int i = 0; i < classNames.size(); ++i)
        m_changeTo->addItem(classNames[i], i);
    m_changeTo->addItem(tr("Skipped"), -1);
    m_changeTo->setToolTip(tr("Change the answer of the selected images to this class (or skipped)"));
    auto* remove = new QPushButton(tr("Remove answer"), this);
    remove->setObjectName(QStringLiteral("remove"));
    remove->setToolTip(tr("Remove the selected images' answers: they go back to the pool (Delete)"));
    auto* undo = new QPushButton(tr("Undo"), this);
    undo->setObjectName(QStringLiteral("undo"));
    undo->setToolTip(tr("Take back the latest change, removal or answer (Ctrl+Z)"));
    auto* close = new QPushButton(tr("Close"), this);
    close->setToolTip(tr("Close the review (the changes are already saved)"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setToolTip(tr("How many answered images the filters show, and the last problem reported"));
    auto* actions = new QHBoxLayout;
    actions->addWidget(m_changeTo);
    actions->addWidget(remove);
    actions->addWidget(undo);
    actions->addWidget(m_status, 1);
    actions->addWidget(close);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_grid, 1);
    layout->addLayout(actions);

    auto* undoAction = new QAction(tr("Undo"), this);
    undoAction->setShortcut(QKeySequence::Undo);
    undoAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(undoAction);

    m_refresh = new QTimer(this);
    m_refresh->setSingleShot(true);
    m_refresh->setInterval(kRefreshDelayMs);
    connect(m_refresh, &QTimer::timeout, this, &ReviewDialog::listRequested);

    connect(m_classFilter, &QComboBox::currentIndexChanged, this, &ReviewDialog::applyFilters);
    connect(m_roundFilter, &QComboBox::currentIndexChanged, this, &ReviewDialog::applyFilters);
    connect(m_skippedOnly, &QCheckBox::toggled, this, &ReviewDialog::applyFilters);
    connect(m_search, &QLineEdit::textChanged, this, &ReviewDialog::applyFilters);
    connect(m_changeTo, &QComboBox::activated, this, [this](int index) {
        const int label = m_changeTo->itemData(index).toInt();
        m_changeTo->setCurrentIndex(0);
        if (label >= -1)
            changeSelected(label);
    });
    connect(remove, &QPushButton::clicked, this, &ReviewDialog::removeSelected);
    connect(undo, &QPushButton::clicked, this, &ReviewDialog::undoRequested);
    connect(undoAction, &QAction::triggered, this, &ReviewDialog::undoRequested);
    connect(close, &QPushButton::clicked, this, &QDialog::close);
    connect(m_grid, &QListView::customContextMenuRequested, this, &ReviewDialog::showContextMenu);

    // The worker lives on its own thread: every request and report crosses as a queued call.
    const auto q = Qt::QueuedConnection;
    connect(this, &ReviewDialog::listRequested, worker, &LearnerWorker::listAnswers, q);
    connect(this, &ReviewDialog::changeRequested, worker, &LearnerWorker::changeAnswer, q);
    connect(this, &ReviewDialog::removeRequested, worker, &LearnerWorker::removeAnswer, q);
    connect(this, &ReviewDialog::undoRequested, worker, &LearnerWorker::undoLastAnswer, q);
    connect(worker, &LearnerWorker::answersListed, this, &ReviewDialog::showEntries, q);
    for (auto changed : {&LearnerWorker::answerChanged, &LearnerWorker::answerRecorded})
        connect(worker, changed, this, &ReviewDialog::refresh, q);
    connect(worker, &LearnerWorker::answerRemoved, this, &ReviewDialog::refresh, q);
    connect(worker, &LearnerWorker::answerUndone, this, &ReviewDialog::refresh, q);
    connect(worker, &LearnerWorker::sessionOpened, this, &ReviewDialog::refresh, q);
    connect(
        worker, &LearnerWorker::failed, this, [this](const QString& message) { m_status->setText(message); }, q);

    rebuildRoundCombo();
    refresh();
}

ReviewDialog::~ReviewDialog() = default;

void ReviewDialog::showEvent(QShowEvent* event)
{
    QDialog::showEvent(event);
    refresh();
}

void ReviewDialog::refresh()
{
    m_refresh->start();
}

void ReviewDialog::showEntries(const ReviewEntries& entries)
{
    m_entries = entries;
    rebuildRoundCombo();
    applyFilters();
}

void ReviewDialog::rebuildRoundCombo()
{
    const QVariant chosen = m_roundFilter->currentData();
    QList<int> rounds;
    for (const ReviewEntry& e : m_entries)
        if (!rounds.contains(e.round))
            rounds.append(e.round);
    std::sort(rounds.begin(), rounds.end());
    const QSignalBlocker block(m_roundFilter);
    m_roundFilter->clear();
    m_roundFilter->addItem(tr("All rounds"), QVariant());
    for (int r : rounds)
        m_roundFilter->addItem(roundText(r), r);
    const int keep = chosen.isValid() ? m_roundFilter->findData(chosen) : 0;
    m_roundFilter->setCurrentIndex(std::max(keep, 0));
}

void ReviewDialog::applyFilters()
{
    const QList<qint64> selected = selectedRows();
    const int cls = m_classFilter->currentData().toInt();
    const QVariant round = m_roundFilter->currentData();
    const bool skippedOnly = m_skippedOnly->isChecked();
    const QString text = m_search->text().trimmed();
    std::vector<ReviewEntry> shown;
    for (const ReviewEntry& e : m_entries) {
        if ((cls >= 0 && e.label != cls) || (skippedOnly && e.label >= 0) ||
            (round.isValid() && e.round != round.toInt()))
            continue;
        if (!text.isEmpty() && !toQ(e.path).contains(text, Qt::CaseInsensitive))
            continue;
        shown.push_back(e);
    }
    // By class (skipped last), then round, then path: the grid reads as groups.
    std::stable_sort(shown.begin(), shown.end(), [](const ReviewEntry& a, const ReviewEntry& b) {
        const unsigned la = static_cast<unsigned>(a.label), lb = static_cast<unsigned>(b.label);
        return std::tie(la, a.round, a.path) < std::tie(lb, b.round, b.path);
    });
    m_model->setShown(std::move(shown));
    for (qint64 row : selected)
        selectRow(row);
    m_status->setText(tr("%1 of %2 answered images shown").arg(m_model->rowCount()).arg(m_entries.size()));
}

QList<qint64> ReviewDialog::shownRows() const
{
    QList<qint64> rows;
    for (const ReviewEntry& e : m_model->shown())
        rows.append(e.row);
    return rows;
}

bool ReviewDialog::selectRow(qint64 row)
{
    const std::vector<ReviewEntry>& shown = m_model->shown();
    for (size_t i = 0; i < shown.size(); ++i)
        if (shown[i].row == row) {
            const QModelIndex at = m_model->index(static_cast<int>(i));
            m_grid->selectionModel()->select(at, QItemSelectionModel::Select);
            m_grid->selectionModel()->setCurrentIndex(at, QItemSelectionModel::NoUpdate);
            return true;
        }
    return false;
}

QList<qint64> ReviewDialog::selectedRows() const
{
    QList<qint64> rows;
    if (!m_grid->selectionModel())
        return rows;
    for (const QModelIndex& at : m_grid->selectionModel()->selectedIndexes())
        rows.append(at.data(kRowRole).value<qint64>());
    return rows;
}

void ReviewDialog::changeSelected(int label)
{
    for (qint64 row : selectedRows())
        Q_EMIT changeRequested(row, label);
}

void ReviewDialog::removeSelected()
{
    for (qint64 row : selectedRows())
        Q_EMIT removeRequested(row);
}

void ReviewDialog::showContextMenu(const QPoint& at)
{
    if (selectedRows().isEmpty())
        return;
    QMenu menu(this);
    for (int i = 0; i < m_classNames.size(); ++i)
        menu.addAction(tr("Answer as %1").arg(m_classNames[i]), this, [this, i] { changeSelected(i); });
    menu.addAction(tr("Mark as skipped"), this, [this] { changeSelected(-1); });
    menu.addSeparator();
    menu.addAction(tr("Remove answer (back to the pool)"), this, &ReviewDialog::removeSelected);
    menu.exec(m_grid->viewport()->mapToGlobal(at));
}

bool ReviewDialog::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_grid && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if (key->matches(QKeySequence::Undo)) {
            // Reached only when the Undo action's shortcut did not take the key first.
            Q_EMIT undoRequested();
            return true;
        }
        if (key->modifiers() & (Qt::ControlModifier | Qt::AltModifier))
            return QDialog::eventFilter(watched, event);
        if (key->key() >= Qt::Key_0 && key->key() <= Qt::Key_9) {
            const int label = key->key() - Qt::Key_0;
            if (label < m_classNames.size())
                changeSelected(label);
            return true;
        }
        if (key->key() == Qt::Key_S) {
            changeSelected(-1);
            return true;
        }
        if (key->key() == Qt::Key_Delete || key->key() == Qt::Key_Backspace) {
            removeSelected();
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

}  // namespace lada::ui
