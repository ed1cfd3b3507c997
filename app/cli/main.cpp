#include "common/Errors.h"

#include <iostream>

int main(int argc, char** argv)
{
    std::cout << "pointq " << POINTQ_VERSION << " (" << POINTQ_GIT_COMMIT << ")\n";
    return 0;
}
