package dev.jrunc.core.cgroup;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Turns java.nio exceptions back into the strerror-style text a C runtime would print.
 * Several subclasses carry no reason at all (the errno is implied by the type), and the
 * rest put the path into getMessage(), which would make our one-line errors unreadable.
 */
final class IoErrors {
    private IoErrors() {}

    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "Directory not empty";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "File exists";
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        // Channel read/write failures carry the bare strerror text as the message.
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
