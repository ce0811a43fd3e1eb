@echo off
rem Zongzhi Console launcher (Windows). Usage: zongzhi [--db PATH] [command]
setlocal
set "APP_HOME=%~dp0.."
if defined JAVA_HOME (set "JAVA_CMD=%JAVA_HOME%\bin\java") else (set "JAVA_CMD=java")
"%JAVA_CMD%" -Xmx512m -Dfile.encoding=UTF-8 -Dzongzhi.home="%APP_HOME%" %ZONGZHI_OPTS% -cp "%APP_HOME%\lib\*" cn.zongzhi.cli.Main %*
endlocal
