"""Turn what the operating system refuses (an OSError) into a Vietnamese reason and an exit-5 error.

The system's own text is English ("Read-only file system"); office staff get the reason and what to do instead.
"""

from __future__ import annotations

import errno

from .errors import OutputError

_OS_CAUSES = {
    errno.EROFS: "ổ đĩa hoặc thư mục này chỉ cho đọc, không cho ghi",
    errno.ENOSPC: "ổ đĩa đã đầy; giải phóng chỗ trống rồi chạy lại",
    errno.EDQUOT: "đã dùng hết dung lượng được cấp trên ổ đĩa",
    errno.EACCES: "không có quyền ghi vào đây; chọn thư mục khác hoặc nhờ quản trị máy cấp quyền",
    errno.EPERM: "hệ điều hành không cho phép thao tác này; chọn thư mục khác",
    errno.ENAMETOOLONG: "tên tệp hoặc đường dẫn quá dài; chọn thư mục kết quả ngắn hơn",
    errno.ENOTDIR: "một phần của đường dẫn là tệp chứ không phải thư mục",
    errno.EEXIST: "đã có một tệp hoặc thư mục trùng tên",
    errno.EISDIR: "đã có một thư mục trùng tên tệp cần ghi",
    errno.ENOENT: "không tìm thấy thư mục (có thể vừa bị xóa hoặc ổ đĩa bị rút ra)",
    errno.EIO: "lỗi đọc ghi của ổ đĩa",
    errno.EMFILE: "mở quá nhiều tệp cùng lúc",
    errno.EXDEV: "thư mục kết quả và thư mục lịch sử phải nằm trên cùng một ổ đĩa",
}


def os_cause(exc: OSError) -> str:
    """The reason an OSError gives, said in Vietnamese (the English text of the system only when nothing fits)."""
    cause = _OS_CAUSES.get(exc.errno or -1)
    if cause:
        return cause
    return f"lỗi hệ thống {exc.errno}: {exc.strerror or exc}" if exc.errno else str(exc)


def output_error(what: str, exc: OSError) -> OutputError:
    where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
    return OutputError(f"{what}{where}: {os_cause(exc)}.")
